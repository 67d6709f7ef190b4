package io.paymenthub.settings;

import java.io.FileReader;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting is read through one rule, checked at start, and a bad one is refused in one line. */
class SettingsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "10m,600000", "24h,86400000", "1d,86400000", "1h30m,5400000",
            "2m30s,150000", "1s500ms,1500", "0,0", "' 45s ',45000"})
    void oneDurationFormatIsReadEverywhere(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1x", "m", "-5s", "10 m", "1m1h", "5s5s", "1.5h", "PT5M", "5min"})
    void anythingElseIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text, null));
    }

    @ParameterizedTest
    @CsvSource({"db.connection-timeout-ms,5000,5s", "db.connection-timeout-ms,5s,5s", "db.connection-timeout-ms,2m,2m",
            "luka.circuit.open-seconds,30,30s", "luka.circuit.open-seconds,1m,1m",
            "bancamiga.history.min-interval,10,10m", "bancamiga.history.min-interval,1h,1h",
            "bancamiga.token.refresh-before-days,30,30d", "bancamiga.token.refresh-before-days,720h,30d",
            "db.group-commit.linger-us,500,500us", "db.group-commit.linger-us,1ms,1ms"})
    void aLegacyIntegerKeyKeepsItsUnitAndAlsoTakesTheOneFormat(String key, String value, String expected) {
        assertEquals(Durations.parse(expected, null), settings(key, value).duration(key));
    }

    @Test
    void aLegacyKeyWrittenInTheOneFormatReachesCamelPlaceholdersAsTheBareIntegerTheyExpect() {
        Settings settings = settings("outbox.sweep-interval-ms", "2s");
        PropertiesComponent p = properties;
        settings.verifyAll();
        assertEquals("2000", p.resolveProperty("outbox.sweep-interval-ms").orElseThrow());
        assertEquals("timer:x?period=2000", p.parseUri("timer:x?period={{outbox.sweep-interval-ms}}"));
        assertEquals(Duration.ofSeconds(2), settings.duration("outbox.sweep-interval-ms"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bancamiga.history.min-interval | 1s | a whole number of minutes",
            "db.pool-size | ten | a whole number from 1 to 1000",
            "db.pool-size | 0 | a whole number from 1 to 1000",
            "outbox.sweep-interval-ms | fast | a whole number of milliseconds",
            "luka.deferred.expire-after | 24 | a duration such as 500ms, 30s, 10m, 24h or 1d",
            "pago46.batch.max-wait | 30 seconds | a duration such as 500ms",
            "bancamiga.find.cron | every 5 minutes | a Quartz cron expression",
            "bancamiga.history.cron | 0 */5 * * * | a Quartz cron expression",
            "bamboo.base-url | htp:/bamboo | an http(s) URL",
            "pago46.base-url | sandboxapi.pago46.com | an http(s) URL",
            "pago46.signature.scheme | hmac | one of provider, core",
            "bancamiga.tls.insecure | yes | true or false",
            "kafka.brokers | kafka-1 | host:port pairs",
            "kafka.embedded.port | 70000 | a whole number from 0 to 65535",
            "bancamiga.find.watch | 04140000000 | phone:bank pairs",
            "bamboo.amount.scales | COP:4 | CUR:scale pairs",
            "db.url | jdbc:h2:mem:x | in-memory",
            "luka.deferred.expire-after | 1m | longer than luka.deferred.pending-after (5m)",
    })
    void aBadValueIsOneLineNamingTheKeyTheValueAndWhatIsExpected(String key, String value, String expected) {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> settings(key, value).verifyAll());
        String line = refused.getMessage();
        assertTrue(line.startsWith("Invalid setting " + key + "=" + value.trim() + ": expected")
                || line.startsWith("Invalid setting " + key + "=" + value.trim() + ": an in-memory"), line);
        assertTrue(line.contains(expected), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void aSecretsValueIsNeverShown() {
        String line = InvalidSetting.of("api.keys", "k3y-value", true, "name:key pairs").getMessage();
        assertEquals("Invalid setting api.keys (a secret: its value is not shown): expected name:key pairs", line);
    }

    @Test
    void theShippedApplicationPropertiesPassTheCheck() {
        settings("sandbox.enabled", "false").verifyAll();
    }

    @Test
    void everyKeyOfApplicationPropertiesIsListedInSettingKeys() throws Exception {
        Properties shipped = new Properties();
        try (FileReader in = new FileReader("application.properties")) {
            shipped.load(in);
        }
        Set<String> listed = SettingKeys.ALL.stream().map(Setting::key).collect(Collectors.toSet());
        Set<String> unlisted = new TreeSet<>();
        for (String key : shipped.stringPropertyNames()) {
            if (!key.startsWith("camel.") && !listed.contains(key)) {
                unlisted.add(key);
            }
        }
        assertEquals(Set.of(), unlisted, "each key needs one line in SettingKeys.ALL (its kind), so it is checked at start");
    }

    @Test
    void aKeyNotListedCannotBeRead() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings("x", "y").duration("no.such.key"));
        assertTrue(e.getMessage().contains("SettingKeys"));
    }

    private PropertiesComponent properties;

    /** The shipped application.properties with one value overridden, as -D would. */
    private Settings settings(String key, String value) {
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.build();
        properties = context.getPropertiesComponent();
        properties.setLocation("file:application.properties");
        properties.addOverrideProperty(key, value);
        return new Settings(properties);
    }
}
