/**
 * The pod registry: owns the pod set, its generation and the discovery state on one event loop, hands each new
 * view to every check front before it publishes the set on syncer.pods, and answers readiness.
 */
package io.syncer.registry;
