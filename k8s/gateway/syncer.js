// syncer gateway module (njs >= 0.7, open-source nginx or NGINX Plus).
//
// Before the gateway hands a freshly issued token to the client, ask syncer whether the token has reached every
// gateway replica (zone_sync is eventually consistent), and act on the answer. Configure with nginx variables
// (see syncer-locations.conf):
//   $syncer_url              syncer's check endpoint, e.g. http://syncer.gateway.svc:8080/v1/synced
//   $syncer_token_header     response header of the issuer that carries the token (default X-Auth-Token)
//   $syncer_token_field      else: JSON field of the issuer's body that carries it (default access_token)
//   $syncer_origin           the replica the token was written to (default: this pod, $hostname)
//   $syncer_on_synced / $syncer_on_partialy / $syncer_on_timeout / $syncer_on_notsynced / $syncer_on_error
//                            continue | retry | reject   (retry: wait, ask once more, then continue)
//   $syncer_retry_delay_ms   wait before the second question when syncer gives no estimate (default 200)
//   $syncer_retry_max_ms     the most to wait when syncer's answer carries retryAfterMs, the time the missing
//                            replicas most likely still need from the recent propagation (default 1000)
//   $syncer_retry_after      Retry-After seconds of a rejection (default 1)
// A 503 from syncer with Retry-After (overloaded: it could not ask every replica) is treated like Partialy: wait
// Retry-After (capped by $syncer_retry_max_ms), ask once more, then follow $syncer_on_error.
// The client always gets X-Syncer-Status: Synced | Partialy | NotSynced | Timeout | Unavailable.
// A W3C traceparent from the client is passed on to syncer, so its check joins the gateway's trace.
// The token itself is never logged.

var DEFAULT_ACTIONS = {
    Synced: 'continue', Partialy: 'retry', Timeout: 'retry', NotSynced: 'reject', Unavailable: 'continue'
};

function setting(r, name, fallback) {
    var value = r.variables[name];
    return value === undefined || value === null || value === '' ? fallback : value;
}

function actionFor(r, status) {
    var name = 'syncer_on_' + (status === 'Unavailable' ? 'error' : status.toLowerCase());
    return setting(r, name, DEFAULT_ACTIONS[status] || 'continue');
}

function tokenOf(r, reply) {
    var header = reply.headersOut[setting(r, 'syncer_token_header', 'X-Auth-Token')];
    if (header) {
        return header;
    }
    try {
        return JSON.parse(reply.responseText)[setting(r, 'syncer_token_field', 'access_token')] || null;
    } catch (e) {
        return null;
    }
}

function ask(r, token) {
    var headers = {'X-Auth-Token': token};
    var origin = setting(r, 'syncer_origin', r.variables.hostname);
    if (origin) {
        headers['X-Origin'] = origin;
    }
    if (r.headersIn.traceparent) {
        headers.traceparent = r.headersIn.traceparent;
    }
    return ngx.fetch(setting(r, 'syncer_url', 'http://127.0.0.1:8080/v1/synced'), {headers: headers})
        .then(function (response) {
            if (response.status !== 200) {
                r.warn('syncer answered HTTP ' + response.status);
                var retryAfter = Number(response.headers.get('Retry-After'));
                // a 503 with Retry-After: syncer is busy (or could not ask every replica), not wrong: worth one more question
                return response.status === 503 && retryAfter > 0
                    ? {status: 'Unavailable', busy: true, retryAfterMs: retryAfter * 1000}
                    : {status: 'Unavailable'};
            }
            return response.json().then(function (body) {
                return {status: body.status || 'Unavailable', retryAfterMs: body.retryAfterMs};
            });
        })
        .catch(function (e) {
            r.warn('syncer unreachable: ' + e.message);
            return {status: 'Unavailable'};
        });
}

function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function handOut(r, reply, status) {
    var contentType = reply.headersOut['Content-Type'];
    if (contentType) {
        r.headersOut['Content-Type'] = contentType;
    }
    var tokenHeader = setting(r, 'syncer_token_header', 'X-Auth-Token');
    if (reply.headersOut[tokenHeader]) {
        r.headersOut[tokenHeader] = reply.headersOut[tokenHeader];
    }
    r.headersOut['X-Syncer-Status'] = status;
    r.return(reply.status, reply.responseText);
}

function reject(r, status) {
    r.headersOut['Retry-After'] = setting(r, 'syncer_retry_after', '1');
    r.headersOut['X-Syncer-Status'] = status;
    r.headersOut['Content-Type'] = 'application/json';
    r.return(503, JSON.stringify({error: 'the token has not reached every gateway replica yet', status: status}));
}

// syncer's estimate when it gave one (capped), else the fixed delay
function retryDelay(r, answer) {
    if (typeof answer.retryAfterMs === 'number' && answer.retryAfterMs > 0) {
        return Math.min(answer.retryAfterMs, Number(setting(r, 'syncer_retry_max_ms', '1000')));
    }
    return Number(setting(r, 'syncer_retry_delay_ms', '200'));
}

function decide(r, reply, token, answer, retried) {
    var status = answer.status;
    var action = answer.busy && !retried ? 'retry' : actionFor(r, status);
    if (action === 'reject') {
        return reject(r, status);
    }
    if (action === 'retry' && !retried) {
        return sleep(retryDelay(r, answer))
            .then(function () { return ask(r, token); })
            .then(function (second) { return decide(r, reply, token, second, true); });
    }
    handOut(r, reply, status);
}

// js_content handler: fetch the issuer's answer through the internal location, then ask syncer about its token.
function guard(r) {
    r.subrequest(setting(r, 'syncer_issuer_location', '/_syncer_issuer'), {method: r.method, args: r.variables.args || '', body: r.requestText})
        .then(function (reply) {
            var token = reply.status === 200 ? tokenOf(r, reply) : null;
            if (!token) {
                r.headersOut['X-Syncer-Status'] = 'NotChecked';
                r.return(reply.status, reply.responseText);
                return;
            }
            return ask(r, token).then(function (answer) { return decide(r, reply, token, answer, false); });
        })
        .catch(function (e) {
            r.error('syncer guard failed: ' + e.message);
            r.return(502);
        });
}

export default {guard: guard};
