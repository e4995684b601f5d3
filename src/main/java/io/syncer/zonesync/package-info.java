/**
 * The NGINX Plus zone_sync poller: each pod's zone_sync status in the background, isolated pods for the check
 * engine, pending records for the metrics.
 */
package io.syncer.zonesync;
