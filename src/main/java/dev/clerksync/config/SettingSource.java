package dev.clerksync.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Where a setting's raw text comes from. Blank values count as absent. */
@FunctionalInterface
public interface SettingSource {

    Optional<String> get(String name);

    /** The contract's order: JNDI {@code java:comp/env}, then the environment, then system properties. */
    static SettingSource standard() {
        return firstOf(jndi(), of(System::getenv), of(System::getProperty));
    }

    static SettingSource firstOf(SettingSource... sources) {
        return name -> Arrays.stream(sources)
                .map(source -> source.get(name))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Adapts a plain lookup such as {@code System::getenv} or {@code Map::get}. */
    static SettingSource of(Function<String, String> lookup) {
        return name -> Optional.ofNullable(lookup.apply(name))
                .map(String::trim)
                .filter(value -> !value.isEmpty());
    }

    /** Tomcat's {@code <Environment>} entries. */
    static SettingSource jndi() {
        return of(name -> {
            try {
                Object value = new InitialContext().lookup("java:comp/env/" + name);
                return value == null ? null : value.toString();
            } catch (NamingException e) {
                // Not bound, or no java:comp at all outside a container: the next source decides.
                return null;
            }
        });
    }
}
