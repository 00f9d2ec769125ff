package io.marketflow.store.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Which environment variable of the contract sets which property. {@code store-service.yml} is the single
 * source of that mapping ({@code mds.retry.max-attempts: ${MDS_RETRY_MAX_ATTEMPTS:5}}); this class reads it
 * so error messages can name the variable a user actually set.
 */
final class SettingNames {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Map<String, String> ENV_BY_PROPERTY = load();

    private SettingNames() {}

    /** The variable behind {@code property} (e.g. {@code mds.retry.max-attempts}), or the property itself. */
    static String describe(String property) {
        String env = ENV_BY_PROPERTY.get(property);
        return env == null ? property : env + " (" + property + ")";
    }

    static Map<String, String> envByProperty() {
        return ENV_BY_PROPERTY;
    }

    private static Map<String, String> load() {
        try (InputStream in = SettingNames.class.getResourceAsStream("/store-service.yml")) {
            if (in == null) {
                return Map.of();
            }
            Map<String, String> result = new LinkedHashMap<>();
            flatten("", new Yaml().load(in), result);
            return Map.copyOf(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, out));
        } else if (node != null) {
            Matcher matcher = PLACEHOLDER.matcher(node.toString());
            if (matcher.find()) {
                out.put(prefix, matcher.group(1));
            }
        }
    }
}
