package io.syncer.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.syncer.config.LogConfig;
import org.slf4j.LoggerFactory;

/** Switches Logback to JSON lines ({@code logback-json.xml}) when {@code log.format} is json. */
public final class LogFormat {

    private LogFormat() {
    }

    public static void apply(LogConfig config) {
        if (config.format() != LogConfig.Format.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogFormat.class.getResource("/logback-json.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure JSON logging", e);
        }
    }
}
