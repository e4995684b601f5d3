/**
 * What both check fronts (HTTP and the event bus) share: reading a check's input, admission (check.maxInFlight),
 * the registry's view as this front knows it, and the bus handler of syncer.check.
 */
package io.syncer.service;
