package io.syncer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.file.Path;

/** One line for a config file that does not parse: {@code FILE:LINE:COLUMN: what is wrong (what was expected)}. */
final class ConfigSyntax {

    private ConfigSyntax() {
    }

    static String describe(Path file, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml) {
                Mark mark = yaml.getProblemMark();
                String where = mark == null ? file.toString() : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
                String context = yaml.getContext() == null ? "" : " (" + oneLine(yaml.getContext()) + ")";
                return where + ": " + oneLine(yaml.getProblem()) + context;
            }
            if (cause instanceof JsonProcessingException json) {
                String where = json.getLocation() == null ? file.toString()
                        : file + ":" + json.getLocation().getLineNr() + ":" + json.getLocation().getColumnNr();
                return where + ": " + oneLine(json.getOriginalMessage());
            }
        }
        return file + ": " + oneLine(String.valueOf(error.getMessage()));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
