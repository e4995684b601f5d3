/**
 * The check engine: a fan-out of per-pod probes under one timer deadline per caller, quorum and expectation rules,
 * coalescing of callers of one token, the connection budget per pod, backoff and the loop-lag margin. Knows
 * nothing of the fronts, the registry or discovery: it is given a pod set and a request.
 */
package io.syncer.check;
