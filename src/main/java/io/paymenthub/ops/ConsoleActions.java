package io.paymenthub.ops;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's own JSON reads under /ops/ (beside issue 15's review, rejected, parked-batch and audit actions):
 * <ul>
 *   <li>{@code GET /ops/payments?reference=&phone=&externalId=&date=yyyy-MM-dd&provider=&status=&limit=&before=}:
 *       newest first, {@code {"items":[…],"nextBefore":id|null}}; {@code date} is a Venezuelan calendar day</li>
 *   <li>{@code GET /ops/payment?id=provider:externalId}: the payment, its timeline and its PAGO46 registration</li>
 *   <li>{@code GET /ops/health}: partner health ({@link PartnerHealth})</li>
 * </ul>
 * Reads only: nothing here is audited.
 */
public final class ConsoleActions implements OpsActions {

    private static final Set<String> PROVIDERS = Set.of("bancamiga", "bamboo", "luka");
    private static final Set<String> STATUSES = Set.of("RECEIVED", "PENDING", "APPROVED", "PREAUTHORIZED", "PAID", "REJECTED",
            "CANCELLED", "EXPIRED");

    private final ConsoleQueries queries;
    private final PartnerHealth health;
    private final String pago46Providers;

    public ConsoleActions(ConsoleQueries queries, PartnerHealth health, String pago46Providers) {
        this.queries = queries;
        this.health = health;
        this.pago46Providers = pago46Providers;
    }

    @Override
    public void register(OpsRoutes routes) {
        routes.get("payments", r -> {
            ConsoleQueries.PaymentFilter filter = new ConsoleQueries.PaymentFilter(blank(r.query("reference")),
                    blank(r.query("phone")), blank(r.query("externalId")), date(blank(r.query("date"))),
                    oneOf("provider", blank(r.query("provider")), PROVIDERS), oneOf("status", blank(r.query("status")), STATUSES));
            List<Map<String, Object>> items = queries.payments(filter, r.limit(), r.before());
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("items", items);
            page.put("nextBefore", items.size() == r.limit() ? items.get(items.size() - 1).get("id") : null);
            return OpsAnswer.ok(page);
        });
        routes.get("payment", r -> {
            String id = blank(r.query("id"));
            if (id == null) {
                throw new IllegalArgumentException("id is required: provider:externalId");
            }
            Map<String, Object> payment = queries.payment(id);
            if (payment == null) {
                return OpsAnswer.error(404, "no payment " + id);
            }
            payment.put("pago46Providers", pago46Providers);
            return OpsAnswer.ok(payment);
        });
        routes.get("health", r -> OpsAnswer.ok(health.summary()));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date must be yyyy-MM-dd");
        }
    }

    private static String oneOf(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + new java.util.TreeSet<>(allowed));
        }
        return value;
    }
}
