/**
 * Finding the gateway's pods: the Kubernetes sources (the Service's EndpointSlices, or the original's Deployment
 * revision rules) followed by fabric8 informers in the ScraperVerticle, and static discovery. Talks to the
 * registry over the bus only.
 */
package io.syncer.discovery;
