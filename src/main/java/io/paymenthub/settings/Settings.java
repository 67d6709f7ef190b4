package io.paymenthub.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads the runner's settings (application.properties, -D, environment, overrides) through the rules of
 * {@link SettingKeys}: every configuration class reads a value here, so it is parsed as the start-up
 * {@link #verifyAll() check} parsed it. A bad value is an {@link InvalidSetting}. Values are read when asked,
 * not cached: the sandbox overrides some right after the check, before any bean is built (SettingsConfiguration).
 */
public final class Settings {

    private static final Map<String, Setting> RULES = SettingKeys.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /**
     * Reads and parses every listed setting except secrets (and the rules across keys), and stops at the first bad
     * one. Also lets a legacy duration key ({@code -ms}, {@code -seconds}...) be written in the one format
     * everywhere Camel reads it (see {@link LegacyDurationPlaceholders}).
     *
     * @throws InvalidSetting naming the key, the value and what is expected
     */
    public void verifyAll() {
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                && !(camel.getPropertiesParser() instanceof LegacyDurationPlaceholders)) {
            camel.setPropertiesParser(new LegacyDurationPlaceholders(camel));
        }
        for (Setting rule : SettingKeys.ALL) {
            if (!rule.secret) {
                rule.parse(raw(rule));
            }
        }
        SettingKeys.RELATIONS.forEach(relation -> relation.accept(this));
    }

    /** The value as written (trimmed; empty when unset), once its rule accepted it: e.g. {@code 30s}, not PT30S. */
    public String text(String key) {
        Setting rule = rule(key);
        String raw = (rule.secret ? secret(key) : raw(rule)).trim();
        rule.parse(raw);
        return raw;
    }

    /** {@link #text}, or {@code fallback} when the value is empty. */
    public String text(String key, String fallback) {
        String value = text(key);
        return value.isEmpty() ? fallback : value;
    }

    /** A base URL ({@link #text}) without a trailing slash, so that paths are appended as {@code /path}. */
    public String baseUrl(String key) {
        String url = text(key);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The keys among these whose value is empty, in the order given: what a partner's settings report as missing
     * (its flow stays off until none is).
     */
    public java.util.List<String> unset(String... keys) {
        return java.util.Arrays.stream(keys).filter(key -> text(key).isEmpty()).toList();
    }

    /** How a secret shows in a {@code toString} or a log line: {@code xxxxxx} when set, empty when not. */
    public static String masked(String secret) {
        return secret == null || secret.isEmpty() ? "" : "xxxxxx";
    }

    /** A secret (see {@link Setting#secret}): read without a placeholder lookup; empty when unset. */
    public String secret(String key) {
        Setting rule = rule(key);
        if (!rule.secret) {
            throw new IllegalStateException(key + " is not registered as a secret in SettingKeys");
        }
        String fromSystem = System.getProperty(key);
        if (fromSystem != null && !fromSystem.isBlank()) {
            return fromSystem.trim();
        }
        String fromEnvironment = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        Object loaded = properties.loadProperties(key::equals).get(key);
        return loaded == null ? "" : loaded.toString().trim();
    }

    /**
     * A secret whose name Camel's start-up summary masks by itself ({@code bancamiga.webhook.token}): read through the
     * placeholder lookup, so the summary lists it as {@code xxxxxx} and an operator sees it was set. Empty when unset.
     * Any other secret: {@link #secret}.
     */
    public String maskedSecret(String key) {
        Setting rule = rule(key);
        if (!rule.secret) {
            throw new IllegalStateException(key + " is not registered as a secret in SettingKeys");
        }
        return raw(rule).trim();
    }

    /**
     * Sets a flag the runner derives at start ({@link SettingKeys#DERIVED}), for the routes to read as
     * {@code {{key}}}; a key not listed there is refused.
     */
    public void derive(String key, boolean value) {
        if (!SettingKeys.DERIVED.contains(key)) {
            throw new IllegalStateException(key + " is not listed in SettingKeys.DERIVED: add it there");
        }
        properties.addOverrideProperty(key, Boolean.toString(value));
    }

    /** A flag derived earlier at start ({@link #derive}); false when it was not (yet) derived. */
    public boolean derived(String key) {
        if (!SettingKeys.DERIVED.contains(key)) {
            throw new IllegalStateException(key + " is not listed in SettingKeys.DERIVED: add it there");
        }
        return Boolean.parseBoolean(properties.resolveProperty(key).orElse("false").trim());
    }

    public long number(String key) {
        return (Long) value(key);
    }

    public int integer(String key) {
        return Math.toIntExact(number(key));
    }

    public boolean flag(String key) {
        return (Boolean) value(key);
    }

    /** A duration setting, legacy ({@code -ms}, {@code -minutes}...) or in the one format. */
    public Duration duration(String key) {
        return (Duration) value(key);
    }

    private Object value(String key) {
        Setting rule = rule(key);
        return rule.parse(rule.secret ? secret(key) : raw(rule));
    }

    private String raw(Setting rule) {
        return properties.resolveProperty(rule.key).orElse("");
    }

    private static Setting rule(String key) {
        return rule(key, true);
    }

    /** The rule of {@code key}; when it has none, null or (if {@code required}) an exception. */
    static Setting rule(String key, boolean required) {
        Setting rule = RULES.get(key);
        if (rule == null && required) {
            throw new IllegalStateException("setting " + key + " is not listed in SettingKeys.ALL: add one line there");
        }
        return rule;
    }
}
