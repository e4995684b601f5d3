package io.syncer.config;

import io.syncer.bus.Addresses;
import io.vertx.config.ConfigChange;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.core.Future;
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
    private ConfigRetriever retriever;

    public ConfigWatcher(Path file, Map<String, String> env, long scanPeriodMs, SyncerConfig running) {
        this.file = file;
        this.env = env;
        this.scanPeriodMs = scanPeriodMs;
        this.running = running;
    }

    @Override
    public Future<?> start() {
        retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
                .addStore(ConfigLoader.fileStore(file)).setScanPeriod(scanPeriodMs));
        retriever.listen(this::onChange);
        return retriever.getConfig();
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
        if (!next.http().equals(running.http()) || !next.log().equals(running.log()) || !next.cluster().equals(running.cluster())
                || !next.bridge().equals(running.bridge())
                || next.discovery().mode() != running.discovery().mode() || !next.discovery().kubernetes().equals(running.discovery().kubernetes())) {
            LOGGER.warn("Config change to http.*, log.* or the discovery source takes effect only after a restart [file: {}]", file);
        }
        LOGGER.info("Config change applied [file: {}] [check: {}]", file, next.toJson().getJsonObject("check").encode());
        running = next;
        vertx.eventBus().publish(Addresses.CONFIG, next, Addresses.local());
    }
}
