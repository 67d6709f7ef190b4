package io.paymenthub;

import io.paymenthub.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The first configuration: every setting is checked (SettingKeys) before any other configuration reads one,
 * so a bad value stops the runner before the store is opened or a Kafka broker boots.
 */
public class SettingsConfiguration implements CamelConfiguration {

    /** Camel binds configurations in order, eagerly: this runs before KafkaConfiguration's first binding. */
    @BindToRegistry
    public Settings settings(CamelContext context) {
        Settings settings = Settings.of(context);
        settings.verifyAll();
        return settings;
    }
}
