package io.paymenthub.settings;

import java.time.Duration;

import org.apache.camel.component.properties.DefaultPropertiesParser;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.component.properties.PropertiesLookup;

/**
 * Camel's placeholder parser, plus one thing: a legacy duration key written in the one format
 * ({@code outbox.sweep-interval-ms = 1s}) resolves to the bare integer its name promises ({@code 1000}), whichever
 * source gave it (file, -D, environment), so the YAML routes' endpoint options and {@code @PropertyInject} fields,
 * which expect that integer, get it. Any other value is left as it is (a bad one is refused by the start-up check).
 */
final class LegacyDurationPlaceholders extends DefaultPropertiesParser {

    LegacyDurationPlaceholders(PropertiesComponent component) {
        super(component);
    }

    @Override
    public String parseProperty(String key, String value, PropertiesLookup properties) {
        String parsed = super.parseProperty(key, value, properties);
        Setting rule = Settings.rule(key, false);
        if (parsed == null || rule == null || rule.unit == null || parsed.trim().matches("\\d+")) {
            return parsed;
        }
        try {
            return Long.toString(Durations.whole((Duration) rule.parse(parsed), rule.unit));
        } catch (RuntimeException e) {
            return parsed;
        }
    }
}
