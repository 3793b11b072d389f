package dev.clerksync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The three test source roots, checked on the compiled classes (they all compile into
 * {@code target/test-classes}, so a class is placed by the source file it came from): the tests
 * ({@code src/test/java}) and the development programs ({@code src/dev/java}) never depend on each
 * other, and what they share ({@code src/fixtures/java}) depends on neither.
 */
class SourceRootsTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importPath(Path.of("target/test-classes"));

    private static final DescribedPredicate<JavaClass> TESTS = from("src/test/java");
    private static final DescribedPredicate<JavaClass> DEV = from("src/dev/java");
    private static final DescribedPredicate<JavaClass> FIXTURES = from("src/fixtures/java");

    @Test
    void theTestsUseNoDevelopmentProgram() {
        noClasses().that(TESTS).should().dependOnClassesThat(DEV).check(CLASSES);
    }

    @Test
    void theDevelopmentProgramsUseNoTestSupport() {
        noClasses().that(DEV).should().dependOnClassesThat(TESTS).check(CLASSES);
    }

    @Test
    void theFixturesStandOnTheirOwn() {
        noClasses().that(FIXTURES).should().dependOnClassesThat(DEV.or(TESTS)).check(CLASSES);
    }

    @Test
    void everyClassComesFromOneOfTheRoots() {
        for (JavaClass javaClass : CLASSES) {
            assertFalse(source(javaClass) == null, javaClass.getName() + " has no source file in any root");
        }
    }

    private static DescribedPredicate<JavaClass> from(String root) {
        return DescribedPredicate.describe("from " + root, javaClass -> root.equals(source(javaClass)));
    }

    /** The root holding the class's source file, or null for a class that did not come from this project. */
    private static String source(JavaClass javaClass) {
        if (!javaClass.getPackageName().startsWith("dev.clerksync")) {
            return null;
        }
        String file = javaClass.getSourceCodeLocation().getSourceFileName();
        Path relative = Path.of(javaClass.getPackageName().replace('.', '/'), file);
        for (String root : new String[] {"src/test/java", "src/dev/java", "src/fixtures/java"}) {
            if (Files.exists(Path.of(root).resolve(relative))) {
                return root;
            }
        }
        return null;
    }
}
