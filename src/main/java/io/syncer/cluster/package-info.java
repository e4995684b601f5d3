/**
 * The Hazelcast cluster manager syncer runs with, this member's view of the cluster (readiness, metrics) and its
 * graceful leave on SIGTERM.
 */
package io.syncer.cluster;
