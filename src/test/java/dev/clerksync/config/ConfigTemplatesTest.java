package dev.clerksync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What an operator copies from tomcat-config/ names every setting the WAR reads, each with a
 * comment: a setting missing from a template is one nobody sets (a webhook-only WAR, /metrics
 * open), and a name there that the WAR does not read is a typo that silently does nothing.
 */
class ConfigTemplatesTest {

    private static final Path CONTEXT_XML = Path.of("tomcat-config/context.xml");
    private static final Path SETENV_SH = Path.of("tomcat-config/setenv.sh.example");
    // With context.xml's Resource, its url, username, password and maxTotal replace these: named, not entries.
    private static final Set<String> REPLACED_BY_THE_RESOURCE = Set.of(Settings.DATABASE_URL,
            Settings.DATABASE_USER, Settings.DATABASE_PASSWORD, Settings.DATABASE_POOL_SIZE);
    private static final Pattern EXPORT = Pattern.compile("^#?export ([A-Z0-9_]+)=", Pattern.MULTILINE);

    /** Every setting name, from Settings' constants: a new setting is checked without touching this test. */
    static Set<String> settings() {
        Set<String> names = new TreeSet<>();
        for (Field field : Settings.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    @Test
    void theSettingsAreFoundAtAll() {
        assertTrue(settings().containsAll(Set.of("CLERK_WEBHOOK_SIGNING_SECRET", "CLERK_SECRET_KEY", "CLERK_JWT_KEY",
                "CLERK_JWKS_URL", "CLERK_SYNC_METRICS_TOKEN", "DATABASE_MIGRATION_USER")), settings().toString());
    }

    @ParameterizedTest
    @MethodSource("settings")
    void contextXmlHasAnEnvironmentEntryForTheSetting(String setting) throws Exception {
        String text = Files.readString(CONTEXT_XML, StandardCharsets.UTF_8);
        if (REPLACED_BY_THE_RESOURCE.contains(setting) || setting.equals(Settings.WEBHOOK_SECRET_ALIAS)) {
            assertTrue(text.contains(setting), CONTEXT_XML + " does not even name " + setting);
        } else {
            assertTrue(environmentEntries().stream().anyMatch(entry -> entry.getAttribute("name").equals(setting)),
                    CONTEXT_XML + " has no <Environment name=\"" + setting + "\">");
        }
    }

    @ParameterizedTest
    @MethodSource("settings")
    void setenvShHasAnExportOfTheSetting(String setting) throws IOException {
        if (setting.equals(Settings.WEBHOOK_SECRET_ALIAS)) {
            assertTrue(Files.readString(SETENV_SH, StandardCharsets.UTF_8).contains(setting));
        } else {
            assertTrue(exports().contains(setting), SETENV_SH + " has no export " + setting + "= (or #export)");
        }
    }

    @Test
    void contextXmlNamesNoSettingTheWarDoesNotRead() throws Exception {
        List<String> unknown = environmentEntries().stream().map(entry -> entry.getAttribute("name"))
                .filter(name -> !settings().contains(name)).toList();

        assertEquals(List.of(), unknown);
    }

    @Test
    void setenvShExportsNoSettingTheWarDoesNotRead() throws IOException {
        assertEquals(List.of(), exports().stream().filter(name -> !settings().contains(name)).toList());
    }

    @Test
    void everyEnvironmentEntryFollowsItsCommentAndCannotBeOverriddenByTheWar() throws Exception {
        for (Element entry : environmentEntries()) {
            Node before = entry.getPreviousSibling();
            while (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
                before = before.getPreviousSibling();
            }
            String name = entry.getAttribute("name");
            assertTrue(before != null && before.getNodeType() == Node.COMMENT_NODE, name + " has no comment above it");
            assertEquals("false", entry.getAttribute("override"), name);
        }
    }

    @Test
    void everyExportFollowsItsComment() throws IOException {
        List<String> lines = Files.readAllLines(SETENV_SH, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!EXPORT.matcher(lines.get(i)).find()) {
                continue;
            }
            int above = i - 1;
            while (above >= 0 && EXPORT.matcher(lines.get(above)).find()) {
                above--;
            }
            assertTrue(above >= 0 && lines.get(above).startsWith("# "), lines.get(i) + " has no comment above it");
        }
    }

    private static List<Element> environmentEntries() throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(CONTEXT_XML.toFile())
                .getElementsByTagName("Environment");
        List<Element> entries = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            entries.add((Element) nodes.item(i));
        }
        return entries;
    }

    private static Set<String> exports() throws IOException {
        Matcher matcher = EXPORT.matcher(Files.readString(SETENV_SH, StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
