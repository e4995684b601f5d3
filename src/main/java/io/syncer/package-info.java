/**
 * syncer: tells an API gateway whether an auth token has reached every NGINX Plus replica. {@link io.syncer.Main}
 * runs it as a service, {@link io.syncer.Syncer} deploys it into any Vertx (standalone or embedded): the registry,
 * discovery, the check fronts and the optional bridge. Nothing else in syncer imports this package.
 */
package io.syncer;
