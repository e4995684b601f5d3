/**
 * OpenTelemetry: the SDK syncer runs with when tracing.enabled, the HTTP server span, and the check span (the
 * token appears only as its hash).
 */
package io.syncer.tracing;
