/**
 * The check fronts: GET /v1/synced over HTTP and syncer.check on the event bus, served by {@link
 * io.syncer.front.CheckFrontVerticle} (one per event loop). Here live both entry points' handlers, the input adapter
 * (one parser for both), admission (check.maxInFlight), the mapping of refusals to HTTP statuses and bus failure codes,
 * the registry's view as a front knows it, health, metrics, the status page and its JSON, the OpenAPI document, caller
 * authentication, TLS on the listener, and the connection guard. Only the deployer imports this package.
 */
package io.syncer.front;
