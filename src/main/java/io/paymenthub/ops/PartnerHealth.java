package io.paymenthub.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.paymenthub.luka.LukaSession;
import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * What the console's partner-health view shows, in one answer: every health check (database, Kafka, each enabled
 * partner, token expiry) with its state and details, the partners' token expiries, the state of every circuit
 * breaker by route, the last success and failure of every timed route ({@link PollWatch}), and the outbox backlog.
 * Nothing secret: health details whose name speaks of a password, secret or token value are left out.
 */
public final class PartnerHealth {

    private final CamelContext context;
    private final ConsoleQueries queries;
    private final PollWatch polls;
    private final Callable<Long> outboxPending;

    public PartnerHealth(CamelContext context, ConsoleQueries queries, PollWatch polls, Callable<Long> outboxPending) {
        this.context = context;
        this.queries = queries;
        this.polls = polls;
        this.outboxPending = outboxPending;
    }

    /** The summary as a JSON-ready map. */
    public Map<String, Object> summary() throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean up = true;
        for (HealthCheck.Result r : HealthCheckHelper.invoke(context)) {
            up &= r.getState() != HealthCheck.State.DOWN;
            if (r.getCheck().getId().startsWith("route:") && r.getState() == HealthCheck.State.UP) {
                continue; // a running route says nothing more; the timed ones are under polls
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.getCheck().getId());
            c.put("state", r.getState().name());
            c.put("message", r.getMessage().orElse(null));
            Map<String, Object> details = new LinkedHashMap<>();
            r.getDetails().forEach((k, v) -> {
                String key = k.toLowerCase();
                boolean secretish = (key.contains("password") || key.contains("secret") || key.contains("token"))
                        && !key.contains("expir");
                boolean bookkeeping = key.startsWith("invocation.") || key.startsWith("success.") || key.startsWith("failure.")
                        || key.startsWith("check.") || key.startsWith("context.");
                if (!secretish && !bookkeeping && (v instanceof String || v instanceof Number || v instanceof Boolean
                        || v instanceof java.time.temporal.Temporal)) {
                    details.put(k, v.toString());
                }
            });
            c.put("details", details);
            checks.add(c);
        }
        answer.put("status", up ? "UP" : "DOWN");
        answer.put("checks", checks);

        List<Map<String, Object>> tokens = new ArrayList<>();
        Map<String, Object> bancamiga = queries.bancamigaToken();
        if (bancamiga != null) {
            tokens.add(token("bancamiga", (String) bancamiga.get("expiresAt"), bancamiga.get("lastError") == null
                    ? "refreshed " + bancamiga.get("refreshedAt") : "last refresh failed: " + bancamiga.get("lastError")));
        }
        LukaSession luka = context.getRegistry().findSingleByType(LukaSession.class);
        if (luka != null && luka.tokenExpiresAt() != null) {
            tokens.add(token("luka", luka.tokenExpiresAt().toString(), luka.lastLoginError() == null
                    ? "logged in " + luka.lastLoginAt() : "last login failed: " + luka.lastLoginError()));
        }
        answer.put("tokens", tokens);

        List<Map<String, Object>> breakers = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            List<ResilienceProcessor> found = new ArrayList<>();
            collect(route.getProcessor(), found, 0);
            for (ResilienceProcessor p : found) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("route", route.getRouteId());
                b.put("state", p.getCircuitBreakerState());
                breakers.add(b);
            }
        }
        answer.put("breakers", breakers);

        List<Map<String, Object>> timed = new ArrayList<>();
        for (PollWatch.Poll p : polls.polls()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route", p.routeId());
            m.put("endpoint", p.endpoint());
            m.put("state", String.valueOf(context.getRouteController().getRouteStatus(p.routeId())));
            m.put("lastSuccessAt", p.lastSuccessAt() == null ? null : p.lastSuccessAt().toString());
            m.put("lastFailureAt", p.lastFailureAt() == null ? null : p.lastFailureAt().toString());
            m.put("lastFailure", p.lastFailure());
            timed.add(m);
        }
        answer.put("polls", timed);
        Long pending;
        try {
            pending = outboxPending.call();
        } catch (Exception e) {
            pending = null; // the store is down: the database check says so
        }
        answer.put("outboxPending", pending);
        return answer;
    }

    private static Map<String, Object> token(String partner, String expiresAt, String note) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("partner", partner);
        t.put("expiresAt", expiresAt);
        t.put("note", note);
        return t;
    }

    private static void collect(Processor processor, List<ResilienceProcessor> found, int depth) {
        if (processor == null || depth > 50) {
            return;
        }
        if (processor instanceof ResilienceProcessor r) {
            found.add(r);
        }
        if (processor instanceof Navigate<?> navigate && navigate.hasNext()) {
            for (Object next : navigate.next()) {
                if (next instanceof Processor p) {
                    collect(p, found, depth + 1);
                }
            }
        }
    }
}
