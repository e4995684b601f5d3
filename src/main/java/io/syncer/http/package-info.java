/**
 * The HTTP front: GET /v1/synced and its admission, health, metrics, the status page and its JSON, the OpenAPI
 * document, caller authentication, TLS on the listener, and the connection guard (header timeouts, connection cap,
 * graceful close).
 */
package io.syncer.http;
