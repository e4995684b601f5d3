package io.syncer.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Reads the config file (JSON or YAML, by its extension) with vertx-config, then applies {@link EnvOverrides}. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file the config file, or null for defaults plus the environment
     * @return the validated config, or a failure whose message names the file or the key that is wrong
     */
    public static Future<SyncerConfig> load(Vertx vertx, Path file, Map<String, String> env) {
        return readFile(vertx, file).map(json -> SyncerConfig.fromJson(EnvOverrides.apply(json, env)));
    }

    /** The vertx-config store of a JSON or YAML file (by its extension). */
    static ConfigStoreOptions fileStore(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : "json";
        return new ConfigStoreOptions()
                .setType("file")
                .setFormat(format)
                .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()));
    }

    static Future<JsonObject> readFile(Vertx vertx, Path file) {
        if (file == null) {
            return Future.succeededFuture(new JsonObject());
        }
        if (!Files.isRegularFile(file)) {
            return Future.failedFuture(new ConfigException("--conf", "no such file: " + file));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().addStore(fileStore(file)).setScanPeriod(0));
        return retriever.getConfig()
                .recover(error -> Future.failedFuture(new ConfigException("--conf", "cannot read " + ConfigSyntax.describe(file, error))))
                .eventually(() -> {
                    retriever.close();
                    return Future.succeededFuture();
                });
    }
}
