/**
 * The client syncer talks to the gateway's pods with, built in one place: TLS, CA, client certificate, key log,
 * body bound, timeouts. Used by the check probes and the zone_sync poller.
 */
package io.syncer.pods;
