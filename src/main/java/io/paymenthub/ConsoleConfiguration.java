package io.paymenthub;

import io.paymenthub.ops.ConsoleActions;
import io.paymenthub.ops.ConsoleQueries;
import io.paymenthub.ops.OpsConsole;
import io.paymenthub.ops.PartnerHealth;
import io.paymenthub.ops.PollWatch;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The operator console (/ops/ on the management port): its static pages, its JSON reads (payments, one payment's
 * timeline, partner health) and the watch on timed routes that partner health reports. Needs the store bound by
 * {@link PaymentHubConfiguration}; the /ops/ authentication and audit are there too.
 */
public class ConsoleConfiguration implements CamelConfiguration {

    @PropertyInject(value = "pago46.providers", defaultValue = "bancamiga")
    private String pago46Providers;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        PollWatch polls = new PollWatch();
        camelContext.addRoutePolicyFactory(polls);
        Database database = camelContext.getRegistry().lookupByNameAndType("database", Database.class);
        OutboxStore outbox = camelContext.getRegistry().lookupByNameAndType("outboxStore", OutboxStore.class);
        ConsoleQueries queries = new ConsoleQueries(database);
        camelContext.getRegistry().bind("consoleActions", new ConsoleActions(queries,
                new PartnerHealth(camelContext, queries, polls, () -> outbox.pendingCount()), pago46Providers));
        camelContext.addStartupListener(new OpsConsole());
    }
}
