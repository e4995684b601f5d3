package io.syncer.config;

import io.syncer.bus.Addresses;
import io.vertx.config.ConfigChange;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Watches the config file (a mounted ConfigMap included: the file is re-read on every scan). A change that validates
 * is published on {@link Addresses#CONFIG}: {@code check.*} and static pods take effect at once; a change to
 * {@code http.*}, {@code log.*} or the discovery source needs a restart and says so. A change that does not validate
 * is rejected with one log line naming the key, and the running config stays.
 */
public class ConfigWatcher extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Map<String, String> env;
    private final long scanPeriodMs;
    private SyncerConfig running;
    /** The file's keys (with the environment's overrides) as the process started with them, and as they are now. */
    private JsonObject startedRaw;
    private JsonObject runningRaw;
    private ConfigRetriever retriever;

    public ConfigWatcher(Path file, Map<String, String> env, long scanPeriodMs, SyncerConfig running) {
        this.file = file;
        this.env = env;
        this.scanPeriodMs = scanPeriodMs;
        this.running = running;
    }

    /** The keys whose value differs between two config files (as read, with the environment's overrides). */
    static List<String> changedKeys(JsonObject was, JsonObject is) {
        return ConfigKeys.ALL.stream().map(ConfigParameter::key)
                .filter(key -> !Objects.equals(valueAt(was, key), valueAt(is, key))).toList();
    }

    private static Object valueAt(JsonObject json, String key) {
        Object value = json;
        for (String part : key.split("\\.")) {
            value = value instanceof JsonObject object ? object.getValue(part) : null;
        }
        return value;
    }

    private static ConfigParameter<?> parameter(String key) {
        return ConfigKeys.ALL.stream().filter(parameter -> parameter.key().equals(key)).findFirst().orElseThrow();
    }

    @Override
    public Future<?> start() {
        retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
                .addStore(ConfigLoader.fileStore(file)).setScanPeriod(scanPeriodMs));
        retriever.listen(this::onChange);
        return retriever.getConfig().onSuccess(first -> {
            startedRaw = EnvOverrides.apply(first, env);
            runningRaw = startedRaw;
        });
    }

    @Override
    public Future<?> stop() {
        retriever.close();
        return Future.succeededFuture();
    }

    private void onChange(ConfigChange change) {
        SyncerConfig next;
        try {
            next = SyncerConfig.fromJson(EnvOverrides.apply(change.getNewConfiguration(), env));
        } catch (ConfigException e) {
            LOGGER.warn("Config change rejected, keeping the running config [file: {}]: {}", file, e.getMessage());
            return;
        }
        if (next.equals(running)) {
            return;
        }
        JsonObject nextRaw = EnvOverrides.apply(change.getNewConfiguration(), env);
        List<String> changed = changedKeys(runningRaw, nextRaw);
        List<String> applied = changed.stream().filter(key -> parameter(key).isReloadable()).toList();
        List<String> waiting = changed.stream().filter(key -> !parameter(key).isReloadable()).toList();
        if (!waiting.isEmpty()) {
            LOGGER.warn("Config change to {} takes effect at the next restart [file: {}]", String.join(", ", waiting), file);
        }
        if (!applied.isEmpty()) {
            LOGGER.info("Config change applied [file: {}] [keys: {}]", file, String.join(", ", applied));
            vertx.eventBus().publish(Addresses.CONFIG, next, Addresses.local());
        }
        running = next;
        runningRaw = nextRaw;
        // what differs from the config this process started with and only a restart applies
        vertx.eventBus().publish(Addresses.RESTART_PENDING, new JsonArray(changedKeys(startedRaw, nextRaw).stream()
                .filter(key -> !parameter(key).isReloadable()).toList()), Addresses.local());
    }
}
