package io.paymenthub.bamboo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bamboo's statuses and integer amounts as the project's statuses and decimal amounts. */
class BambooNormalizationTest {

    @ParameterizedTest(name = "id {0} → {1}")
    @CsvSource({"1, APPROVED", "2, PENDING", "3, PREAUTHORIZED", "4, REJECTED", "5, PAID", "6, CANCELLED"})
    void everyDocumentedStatusIdIsNormalized(int id, String expected) {
        assertEquals(expected, BambooStatus.normalize(null, id));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource({"Approved, APPROVED", "Pending, PENDING", "Pre-authorized, PREAUTHORIZED", "PreAuthorized, PREAUTHORIZED",
            "Rejected, REJECTED", "Paid, PAID", "Cancelled, CANCELLED", "Canceled, CANCELLED", "Pending for Redirection, PENDING",
            "APPROVED, APPROVED"})
    void everyStatusTextIsNormalized(String text, String expected) {
        assertEquals(expected, BambooStatus.normalize(text, null));
    }

    @Test
    void theTextWinsOverTheIdAndTheIdIsTheFallback() {
        // a public example pairs TransactionStatusId 3 with "Approved"
        assertEquals("APPROVED", BambooStatus.normalize("Approved", 3));
        assertEquals("REJECTED", BambooStatus.normalize("Something new", 4));
        assertNull(BambooStatus.normalize("Something new", 9));
        assertNull(BambooStatus.normalize(null, null));
    }

    @Test
    void amountsAreMinorUnitsAtTheCurrencysScale() {
        BambooAmounts amounts = new BambooAmounts("COP:2, USD:2, CLP:0");
        // the seed: COP 5.000 is sent as 500000
        assertEquals("5000.00", amounts.toDecimal(500000, "COP").toPlainString());
        assertEquals("31406.00", amounts.toDecimal(3140600, "COP").toPlainString());
        assertEquals("10.50", amounts.toDecimal(1050, "USD").toPlainString());
        assertEquals("0.01", amounts.toDecimal(1, "USD").toPlainString());
        assertEquals("1500", amounts.toDecimal(1500, "CLP").toPlainString());
        // a currency not listed has Bamboo's two implied decimals
        assertEquals("12.34", amounts.toDecimal(1234, "PEN").toPlainString());
    }

    @Test
    void aScaleSettingThatIsNotCurrencyColonZeroToTwoStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BambooAmounts("COP=2"));
        assertTrue(e.getMessage().contains("bamboo.amount.scales"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BambooAmounts("KWD:3"));
    }

    @Test
    void cashCouponExpiryIsAnsweredAsAnIsoDate() {
        assertEquals("2023-08-22", BambooPurchases.isoDate("22/08/2023"));
        assertEquals("soon", BambooPurchases.isoDate("soon"));
    }
}
