package io.paymenthub.bancamiga;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Venezuelan bank codes and names, read from the data file {@code banks/venezuela.csv} on the classpath. */
public final class BankDirectory {

    private static final String RESOURCE = "banks/venezuela.csv";

    private final Map<String, String> namesByCode;

    private BankDirectory(Map<String, String> namesByCode) {
        this.namesByCode = Map.copyOf(namesByCode);
    }

    public static BankDirectory venezuela() {
        Map<String, String> banks = new TreeMap<>();
        try (InputStream in = BankDirectory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("code,")) {
                    continue;
                }
                int comma = line.indexOf(',');
                banks.put(line.substring(0, comma).trim(), line.substring(comma + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BankDirectory(banks);
    }

    public Optional<String> name(String code) {
        return Optional.ofNullable(namesByCode.get(code));
    }
}
