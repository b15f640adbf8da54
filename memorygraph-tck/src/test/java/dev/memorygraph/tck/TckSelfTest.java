package dev.memorygraph.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Validation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks the suite's own shape and data, without a backend. */
class TckSelfTest {

  private static final List<String> GROUPS = List.of("MemoryRoundTrip", "MemoryWrites", "BadInput",
      "Search", "Traversal", "Paths", "History", "StatsAndActivity", "CyclePolicy", "Concurrency", "Lifecycle");

  @Test
  void everyGroupIsANonStaticNestedClassWithTests() {
    List<Class<?>> nested = Arrays.stream(GraphBackendTck.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(Nested.class)).collect(Collectors.toList());
    assertThat(nested).extracting(Class::getSimpleName).containsExactlyInAnyOrderElementsOf(GROUPS);
    for (Class<?> c : nested) {
      assertThat(Modifier.isStatic(c.getModifiers())).as(c.getSimpleName() + " must be an inner class").isFalse();
      assertThat(c.getAnnotation(DisplayName.class).value()).isEqualTo(c.getSimpleName());
      long tests = Arrays.stream(c.getDeclaredMethods())
          .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(TestFactory.class)).count();
      assertThat(tests).as(c.getSimpleName()).isPositive();
    }
  }

  @Test
  void extensionPointsKeepTheirShape() throws NoSuchMethodException {
    Method newBackend = GraphBackendTck.class.getDeclaredMethod("newBackend", dev.memorygraph.config.MemoryGraphConfig.class);
    assertThat(Modifier.isAbstract(newBackend.getModifiers())).isTrue();
    assertThat(Modifier.isProtected(newBackend.getModifiers())).isTrue();
    for (String name : List.of("reopen", "cleanup", "concurrencyDuration", "open")) {
      assertThat(Arrays.stream(GraphBackendTck.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
          .anyMatch(m -> Modifier.isProtected(m.getModifiers()))).as(name).isTrue();
    }
  }

  @Test
  void injectionIdsAreAllRejectedByIdValidation() {
    for (String id : TckData.INJECTION_IDS) {
      assertThatThrownBy(() -> Validation.id("id", id)).as(id).isInstanceOf(ValidationException.class);
    }
  }

  @Test
  void injectionStringsAreValidTextEverywhere() {
    for (String s : TckData.INJECTIONS) {
      assertThat(Validation.requiredLine("title", s, Validation.MAX_TITLE)).isEqualTo(s);
      assertThat(Validation.tags("tags", List.of(s))).hasSize(1);
    }
  }

  @Test
  void longTextHasTheExactLengthAndNoBrokenPairs() {
    for (int n : List.of(1, 2, 7, 1000, Validation.MAX_CONTENT)) {
      String s = TckData.longText(n);
      assertThat(s).hasSize(n);
      assertThat(Validation.requiredText("content", s, Validation.MAX_CONTENT)).isEqualTo(s);
    }
  }

  @Test
  void unicodeSampleKeepsCombiningMarksAndAstralCharacters() {
    assertThat(TckData.UNICODE).as("both decomposed and precomposed forms").contains("e\u0301", "\u00e9");
    assertThat(TckData.UNICODE.codePoints().anyMatch(cp -> cp > 0xFFFF)).isTrue();
    Memory m = Memory.builder().title("t").content(TckData.UNICODE).context(TckData.fullContext()).build();
    assertThat(m.content()).isEqualTo(TckData.UNICODE);
    assertThat(m.context().additionalMetadata()).containsEntry("empty value", "");
  }
}
