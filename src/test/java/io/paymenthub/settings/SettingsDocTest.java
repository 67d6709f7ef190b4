package io.paymenthub.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/settings.md} is a table generated from {@code application.properties}, which stays the one list of
 * settings: its {@code ## } lines become sections, each comment block describes the keys that follow it, and each
 * key's value in the file is its default. This test fails when the table no longer matches the file; to regenerate
 * it, run {@code mvn -B -o test -Dtest=SettingsDocTest -Dsettings.doc.write=true} and commit both files.
 */
class SettingsDocTest {

    static final Path PROPERTIES = Path.of("application.properties");
    static final Path DOC = Path.of("docs", "settings.md");
    static final String REGENERATE = "mvn -B -o test -Dtest=SettingsDocTest -Dsettings.doc.write=true";

    @Test
    void docsSettingsIsTheTableOfApplicationProperties() throws IOException {
        String expected = render(Files.readAllLines(PROPERTIES, StandardCharsets.UTF_8));
        if (Boolean.getBoolean("settings.doc.write")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, DOC + " is stale against " + PROPERTIES + ": regenerate it with " + REGENERATE);
    }

    /** One key of the file and its value as written (the default). */
    record Key(String name, String value) {
    }

    /** Keys that share the comment block written above them. */
    record Group(String comment, List<Key> keys) {
    }

    /** Renders the whole page: the file's opening comment, then one table per {@code ## } section. */
    static String render(List<String> lines) {
        StringBuilder out = new StringBuilder();
        out.append("# Settings\n\n");
        out.append("<!-- Generated from application.properties by SettingsDocTest: edit that file, then run\n     ")
                .append(REGENERATE).append(" -->\n\n");
        out.append("Every setting of the runner, as [`application.properties`](../application.properties) lists it: the value in\n")
                .append("that file is the default, the text is the comment above the key. An empty default is a secret or an\n")
                .append("optional value left empty on purpose.\n\n");

        int i = 0;
        List<String> opening = new ArrayList<>();
        while (i < lines.size() && !lines.get(i).startsWith("## ")) {
            String line = lines.get(i++);
            if (line.startsWith("#")) {
                opening.add(line.replaceFirst("^#\\s?", ""));
            }
        }
        out.append(paragraphs(opening)).append("\n");

        String section = null;
        List<Group> groups = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        boolean commentClosed = true;
        for (; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("## ")) {
                section(out, section, groups);
                section = line.substring(3).strip();
                groups = new ArrayList<>();
                comment = new ArrayList<>();
            } else if (line.startsWith("#")) {
                if (commentClosed) {
                    comment = new ArrayList<>();
                    commentClosed = false;
                }
                comment.add(line.replaceFirst("^#\\s?", ""));
            } else if (line.contains("=")) {
                int eq = line.indexOf('=');
                Key key = new Key(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                if (!commentClosed || groups.isEmpty()) {
                    groups.add(new Group(String.join(" ", comment), new ArrayList<>()));
                    commentClosed = true;
                }
                groups.get(groups.size() - 1).keys().add(key);
            }
        }
        section(out, section, groups);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Group> groups) {
        if (title == null) {
            return;
        }
        out.append("## ").append(title).append("\n\n");
        out.append("| key | default | what it does |\n| --- | --- | --- |\n");
        for (Group g : groups) {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Key k : g.keys()) {
                names.add(code(k.name()));
                values.add(k.value().isEmpty() ? "*(empty)*" : code(k.value()));
            }
            out.append("| ").append(String.join("<br>", names))
                    .append(" | ").append(String.join("<br>", values))
                    .append(" | ").append(cell(g.comment())).append(" |\n");
        }
        out.append("\n");
    }

    private static String paragraphs(List<String> lines) {
        StringBuilder out = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                if (!paragraph.isEmpty()) {
                    out.append(paragraph).append("\n\n");
                    paragraph.setLength(0);
                }
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        if (!paragraph.isEmpty()) {
            out.append(paragraph).append("\n");
        }
        return out.toString();
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
