package io.paymenthub.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * Assembles one report per provider from the rows the queries of routes/reconciliation-report.camel.yaml left in
 * headers (aggregates: one row per provider and observed_via or status; exception lists: at most
 * reconciliation.list-limit rows). Memory is bounded by those, not by the day's payments. Amounts are decimal
 * strings with two places, as in the payment event; the shape is schemas/reconciliation-day-closed.schema.json.
 */
public final class ReconciliationReports {

    private final ReconciliationDays days;

    public ReconciliationReports(ReconciliationDays days) {
        this.days = days;
    }

    /** The body becomes a list of reports (maps), one per provider, in provider order. */
    public List<Map<String, Object>> assemble(Exchange exchange) {
        String date = exchange.getMessage().getHeader("reconciliationDate", String.class);
        int limit = exchange.getMessage().getHeader("listLimit", Integer.class);
        List<Map<String, Object>> credits = rows(exchange, "credits");
        List<Map<String, Object>> sweeps = rows(exchange, "sweeps");
        List<Map<String, Object>> missed = rows(exchange, "missed");
        List<Map<String, Object>> phantoms = rows(exchange, "phantoms");
        List<Map<String, Object>> reviewCounts = rows(exchange, "reviewCounts");
        List<Map<String, Object>> reviewItems = rows(exchange, "reviewItems");
        List<Map<String, Object>> pago46 = rows(exchange, "pago46");

        Set<String> providers = new LinkedHashSet<>(days.providers());
        for (List<Map<String, Object>> rows : List.of(credits, reviewCounts, pago46, sweeps)) {
            rows.forEach(r -> providers.add(text(r, "provider")));
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String provider : providers.stream().sorted().toList()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("provider", provider);
            report.put("date", date);
            report.put("timeZone", ReconciliationDays.VENEZUELA.getId());
            Map<String, Object> sweep = sweeps.stream().filter(r -> provider.equals(text(r, "provider"))).findFirst().orElse(null);
            report.put("historySweepCompletedAt", sweep == null ? null : time(value(sweep, "last_completed_at")));

            long count = 0;
            BigDecimal total = BigDecimal.ZERO;
            long historyCount = 0;
            BigDecimal historyTotal = BigDecimal.ZERO;
            long missedCount = 0;
            BigDecimal missedTotal = BigDecimal.ZERO;
            long phantomCount = 0;
            BigDecimal phantomTotal = BigDecimal.ZERO;
            Map<String, Object> byVia = new LinkedHashMap<>();
            for (Map<String, Object> r : credits) {
                if (!provider.equals(text(r, "provider"))) {
                    continue;
                }
                String via = text(r, "observed_via");
                long n = number(r, "n");
                BigDecimal amount = ReconciliationDays.amount(value(r, "total"));
                long seen = number(r, "history_n");
                BigDecimal seenAmount = ReconciliationDays.amount(value(r, "history_total"));
                byVia.put(via, countAndAmount(n, amount));
                count += n;
                total = total.add(amount);
                historyCount += seen;
                historyTotal = historyTotal.add(seenAmount);
                if ("webhook".equals(via)) {
                    if (sweep != null) {
                        phantomCount += n - seen;
                        phantomTotal = phantomTotal.add(amount.subtract(seenAmount));
                    }
                } else {
                    missedCount += n;
                    missedTotal = missedTotal.add(amount);
                }
            }
            Map<String, Object> creditsOut = countAndAmount(count, total);
            creditsOut.put("byObservedVia", byVia);
            report.put("credits", creditsOut);

            List<Map<String, Object>> missedItems = missed.stream().filter(r -> provider.equals(text(r, "provider")))
                    .map(r -> {
                        Map<String, Object> item = payment(provider, r);
                        item.put("observedVia", text(r, "observed_via"));
                        OffsetDateTime occurred = offset(value(r, "occurred_at"));
                        OffsetDateTime found = offset(value(r, "created_at"));
                        item.put("foundAt", time(found));
                        if (occurred != null && found != null) {
                            item.put("lateSeconds", Math.max(0, Duration.between(occurred, found).toSeconds()));
                        }
                        return item;
                    }).toList();
            report.put("missed", list(missedCount, missedTotal, missedItems, limit));
            List<Map<String, Object>> phantomItems = phantoms.stream().filter(r -> provider.equals(text(r, "provider")))
                    .map(r -> payment(provider, r)).toList();
            report.put("phantoms", list(phantomCount, phantomTotal, phantomItems, limit));

            long reviewOpen = reviewCounts.stream().filter(r -> provider.equals(text(r, "provider"))).mapToLong(r -> number(r, "n")).sum();
            Map<String, Object> review = new LinkedHashMap<>();
            review.put("count", reviewOpen);
            List<Map<String, Object>> reviewList = reviewItems.stream().filter(r -> provider.equals(text(r, "provider"))).map(r -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", number(r, "id"));
                item.put("externalId", text(r, "external_id"));
                item.put("kind", text(r, "kind"));
                item.put("reason", text(r, "reason"));
                item.put("createdAt", time(value(r, "created_at")));
                item.put("link", "/ops/review/" + number(r, "id"));
                return item;
            }).toList();
            review.put("items", reviewList);
            review.put("truncated", reviewOpen > reviewList.size());
            report.put("reviewOpen", review);

            Map<String, Object> registrations = new LinkedHashMap<>();
            for (String state : List.of("accepted", "pending", "parked")) {
                long n = 0;
                BigDecimal amount = BigDecimal.ZERO;
                for (Map<String, Object> r : pago46) {
                    if (provider.equals(text(r, "provider")) && state.equals(pago46State(text(r, "status")))) {
                        n += number(r, "n");
                        amount = amount.add(ReconciliationDays.amount(value(r, "total")));
                    }
                }
                registrations.put(state, countAndAmount(n, amount));
            }
            report.put("pago46", registrations);

            Map<String, Object> amounts = new LinkedHashMap<>();
            amounts.put("historyCredited", sweep == null ? null : historyTotal.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            amounts.put("historyCreditedCount", sweep == null ? null : historyCount);
            amounts.put("published", total.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            amounts.put("difference", sweep == null ? null : total.subtract(historyTotal).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            report.put("amounts", amounts);
            reports.add(report);
        }
        return reports;
    }

    /** PAGO46 registration status → report state: REGISTERED accepted; PENDING, CLAIMED pending; PARKED parked. */
    static String pago46State(String status) {
        return switch (status) {
            case "REGISTERED" -> "accepted";
            case "PARKED" -> "parked";
            default -> "pending";
        };
    }

    private static Map<String, Object> payment(String provider, Map<String, Object> r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("paymentId", provider + ":" + text(r, "external_id"));
        item.put("externalId", text(r, "external_id"));
        item.put("amount", ReconciliationDays.amount(value(r, "amount")).toPlainString());
        item.put("occurredAt", time(value(r, "occurred_at")));
        return item;
    }

    private static Map<String, Object> list(long count, BigDecimal total, List<Map<String, Object>> items, int limit) {
        Map<String, Object> out = countAndAmount(count, total);
        out.put("items", items);
        out.put("truncated", count > items.size());
        return out;
    }

    private static Map<String, Object> countAndAmount(long count, BigDecimal amount) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("amount", amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Exchange exchange, String header) {
        Object rows = exchange.getMessage().getHeader(header);
        return rows instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** A column by name whatever case the database returned it in (H2: upper, PostgreSQL: lower). */
    private static Object value(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v != null ? v : row.get(column.toUpperCase(java.util.Locale.ROOT));
    }

    private static String text(Map<String, Object> row, String column) {
        Object v = value(row, column);
        return v == null ? null : v.toString().trim();
    }

    private static long number(Map<String, Object> row, String column) {
        Object v = value(row, column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static OffsetDateTime offset(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime o) {
            return o;
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (v instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(v.toString().replace(' ', 'T'));
    }

    private static String time(Object v) {
        OffsetDateTime o = offset(v);
        return o == null ? null : o.atZoneSameInstant(ReconciliationDays.VENEZUELA).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
