/**
 * Logging: the batching console appender (an event loop only queues an event) and the JSON or text format choice.
 */
package io.syncer.log;
