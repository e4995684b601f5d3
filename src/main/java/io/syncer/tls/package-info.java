/**
 * TLS helpers for the pod client: the NSS key log of pod connections (a debugging aid) and the engine wrapper that
 * reads a session's client random.
 */
package io.syncer.tls;
