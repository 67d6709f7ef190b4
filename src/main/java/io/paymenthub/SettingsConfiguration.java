package io.paymenthub;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paymenthub.bamboo.BambooSettings;
import io.paymenthub.bancamiga.BancamigaSettings;
import io.paymenthub.luka.LukaSettings;
import io.paymenthub.pago46.Pago46Settings;
import io.paymenthub.sandbox.Sandbox;
import io.paymenthub.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The first configuration: every setting is checked (SettingKeys) before any other configuration reads one, so a
 * bad value stops the runner before the store is opened or a Kafka broker boots; then, with sandbox.enabled=true,
 * the simulators start and the partner settings are pointed at them. Every bean after this one reads the settings
 * as they stay for the whole run.
 */
public class SettingsConfiguration implements CamelConfiguration {

    /** The settings (application.properties, -D, environment), checked, with the sandbox's values applied. */
    @BindToRegistry
    public Settings settings(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        settings.verifyAll();
        if (settings.flag("sandbox.enabled")) {
            Sandbox.start(context);
        }
        return settings;
    }

    /**
     * The registry camel-micrometer-prometheus serves on /observe/metrics; every meter of the runner is in it.
     * Beans take it as {@code @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry}. Not bound
     * again when one is already there.
     */
    @BindToRegistry(MicrometerConstants.METRICS_REGISTRY_NAME)
    public MeterRegistry metricsRegistry(CamelContext context) {
        // a runtime lookup, not a dependency: whether one is bound already decides whether to bind one
        MeterRegistry bound = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        return bound != null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The bancamiga.* settings, read once (after the sandbox); with the stored token, decide whether reconciliation runs. */
    @BindToRegistry
    public BancamigaSettings bancamigaSettings(Settings settings) {
        return BancamigaSettings.from(settings);
    }

    /** The pago46.* settings, read once (after the sandbox); also decide whether the PAGO46 flow runs. */
    @BindToRegistry
    public Pago46Settings pago46Settings(Settings settings) {
        return Pago46Settings.from(settings);
    }

    /** The bamboo.* settings, read once (after the sandbox); also decide whether purchases can be created. */
    @BindToRegistry
    public BambooSettings bambooSettings(Settings settings) {
        return BambooSettings.from(settings);
    }

    /** The luka.* settings, read once (after the sandbox); also decide whether Luka can be called. */
    @BindToRegistry
    public LukaSettings lukaSettings(Settings settings) {
        return LukaSettings.from(settings);
    }
}
