/**
 * The records every layer passes: pods, pod sets and their generation, discovery states, check requests, reports
 * and verdicts. At the bottom: imports no other package of syncer.
 */
package io.syncer.model;
