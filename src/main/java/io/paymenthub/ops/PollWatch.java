package io.paymenthub.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paymenthub.core.Failures;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * When each timed route (Quartz, timer, scheduler: the partner polls, the PAGO46 forwarder, the token refresh, the
 * outbox sweep) last completed without a failure, and when and why it last failed, since this instance started.
 * Attached only to those routes: the webhooks and the merchant API pay nothing for it.
 */
public final class PollWatch implements RoutePolicyFactory {

    /** One timed route's last outcomes; instants are null until the first one. */
    public record Poll(String routeId, String endpoint, Instant lastSuccessAt, Instant lastFailureAt, String lastFailure) {
    }

    private final Map<String, Poll> polls = new ConcurrentHashMap<>();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String from = route instanceof RouteDefinition definition && definition.getInput() != null
                ? String.valueOf(definition.getInput().getEndpointUri()) : "";
        if (!(from.startsWith("quartz:") || from.startsWith("timer:") || from.startsWith("scheduler:"))) {
            return null; // not a timed route: no policy, no cost
        }
        polls.put(routeId, new Poll(routeId, from.replaceAll("\\?.*", ""), null, null, null));
        return new RoutePolicySupport() {

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                Poll p = polls.get(routeId);
                if (p == null) {
                    return;
                }
                Exception failure = exchange.getException();
                Exception handled = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                Exception any = failure != null ? failure : handled;
                polls.put(routeId, any == null
                        ? new Poll(routeId, p.endpoint(), Instant.now(), p.lastFailureAt(), p.lastFailure())
                        : new Poll(routeId, p.endpoint(), p.lastSuccessAt(), Instant.now(), Failures.kindOf(any)
                                + (any.getMessage() == null ? "" : ": " + any.getMessage())));
            }
        };
    }

    /** Every timed route, by route id. */
    public List<Poll> polls() {
        List<Poll> list = new ArrayList<>(polls.values());
        list.sort(java.util.Comparator.comparing(Poll::routeId));
        return list;
    }
}
