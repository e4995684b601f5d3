/**
 * The event-bus addresses syncer uses (public ones carry JSON and may cross a cluster, internal ones stay local),
 * the local codecs of the records the verticles pass each other, and the TCP event-bus bridge. At the bottom:
 * imports no other package of syncer.
 */
package io.syncer.bus;
