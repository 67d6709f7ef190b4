package io.paymenthub.reconciliation;

import java.util.List;
import java.util.Map;

/**
 * The reports as CSV for a spreadsheet: header {@code date,version,provider,section,item,count,amount}, one line per
 * figure (credits by channel, missed, phantoms, review open, PAGO46 accepted/pending/parked, history credited,
 * published) and one per exception row (item: the payment id, or review/&lt;id&gt;). Values are quoted when they
 * hold a comma, quote or line break.
 */
public final class ReconciliationCsv {

    private ReconciliationCsv() {
    }

    /** The CSV text of {@code reports} (maps shaped as schemas/reconciliation-day-closed.schema.json's data). */
    @SuppressWarnings("unchecked")
    public static String of(List<Map<String, Object>> reports) {
        StringBuilder csv = new StringBuilder("date,version,provider,section,item,count,amount\n");
        for (Map<String, Object> r : reports) {
            String prefix = cell(r.get("date")) + "," + cell(r.get("version")) + "," + cell(r.get("provider")) + ",";
            Map<String, Object> credits = (Map<String, Object>) r.get("credits");
            line(csv, prefix, "credits", "", credits.get("count"), credits.get("amount"));
            ((Map<String, Map<String, Object>>) credits.get("byObservedVia")).forEach((via, c) ->
                    line(csv, prefix, "credits." + via, "", c.get("count"), c.get("amount")));
            for (String section : List.of("missed", "phantoms")) {
                Map<String, Object> s = (Map<String, Object>) r.get(section);
                line(csv, prefix, section, "", s.get("count"), s.get("amount"));
                for (Map<String, Object> item : (List<Map<String, Object>>) s.get("items")) {
                    line(csv, prefix, section + ".item", item.get("paymentId"), 1, item.get("amount"));
                }
            }
            Map<String, Object> review = (Map<String, Object>) r.get("reviewOpen");
            line(csv, prefix, "reviewOpen", "", review.get("count"), "");
            for (Map<String, Object> item : (List<Map<String, Object>>) review.get("items")) {
                line(csv, prefix, "reviewOpen.item", "review/" + item.get("id"), 1, "");
            }
            ((Map<String, Map<String, Object>>) r.get("pago46")).forEach((state, c) ->
                    line(csv, prefix, "pago46." + state, "", c.get("count"), c.get("amount")));
            Map<String, Object> amounts = (Map<String, Object>) r.get("amounts");
            line(csv, prefix, "historyCredited", "", amounts.get("historyCreditedCount"), amounts.get("historyCredited"));
            line(csv, prefix, "published", "", credits.get("count"), amounts.get("published"));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String prefix, String section, Object item, Object count, Object amount) {
        csv.append(prefix).append(cell(section)).append(',').append(cell(item)).append(',').append(cell(count)).append(',')
                .append(cell(amount)).append('\n');
    }

    private static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        return text.matches(".*[,\"\\r\\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
