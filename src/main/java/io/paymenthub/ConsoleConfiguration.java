package io.paymenthub;

import io.paymenthub.ops.ConsoleActions;
import io.paymenthub.ops.ConsoleQueries;
import io.paymenthub.ops.OpsConsole;
import io.paymenthub.ops.PartnerHealth;
import io.paymenthub.ops.PollWatch;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The operator console (/ops/ on the management port): its static pages, its JSON reads (payments, one payment's
 * timeline, partner health) and the watch on timed routes that partner health reports. The /ops/ authentication
 * and audit are in PaymentHubConfiguration and StoreConfiguration.
 */
public class ConsoleConfiguration implements CamelConfiguration {

    /** The console's reads; partner health watches every timed route (a route policy added here). */
    @BindToRegistry
    public ConsoleActions consoleActions(CamelContext context, Database database, OutboxStore outbox, Settings settings) {
        PollWatch polls = new PollWatch();
        context.addRoutePolicyFactory(polls);
        ConsoleQueries queries = new ConsoleQueries(database);
        return new ConsoleActions(queries, new PartnerHealth(context, queries, polls, () -> outbox.pendingCount()),
                settings.text("pago46.providers"));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(new OpsConsole());
    }
}
