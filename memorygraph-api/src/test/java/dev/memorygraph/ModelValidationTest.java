package dev.memorygraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipCategory;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.WriteRules;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelValidationTest {

  private static Memory.Builder valid() {
    return Memory.builder().title("A title").content("Some content");
  }

  private static void rejects(Runnable r, String field) {
    assertThatThrownBy(r::run).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field))
        .hasMessageContaining(field);
  }

  @Test
  void idRuleAcceptsExactlyTheDocumentedPattern() {
    // The rule is hand-written for speed; this is its specification, checked on generated strings.
    java.util.regex.Pattern spec = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    String alphabet = "aZ09._:-/ é\u0000\t'\"Ä🎉Ω";
    java.util.Random random = new java.util.Random(42);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      int len = random.nextInt(i % 10 == 0 ? 140 : 8);
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < len; j++) {
        // Mostly id characters, so that valid ids are generated too.
        sb.append(random.nextInt(4) > 0 ? alphabet.charAt(random.nextInt(8)) : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      boolean ok;
      try {
        dev.memorygraph.model.Validation.id("id", v);
        ok = true;
      } catch (ValidationException e) {
        ok = false;
      }
      assertThat(ok).as("id %s", v).isEqualTo(spec.matcher(v).matches());
      accepted += ok ? 1 : 0;
    }
    assertThat(accepted).isBetween(1_000, 19_000);
    assertThat(Arrays.asList("a".repeat(128), "9-x:y_z.w", "550e8400-e29b-41d4-a716-446655440000"))
        .allSatisfy(v -> assertThat(dev.memorygraph.model.Validation.id("id", v)).isEqualTo(v));
  }

  @Test
  void builderFillsDefaults() {
    Memory m = valid().build();
    assertThat(m.id()).matches("[0-9a-f-]{36}");
    assertThat(m.type()).isEqualTo(MemoryType.GENERAL);
    assertThat(m.importance()).isEqualTo(0.5);
    assertThat(m.confidence()).isEqualTo(0.8);
    assertThat(m.version()).isEqualTo(1);
    assertThat(m.updatedAt()).isEqualTo(m.createdAt());
    assertThat(m.context()).isEqualTo(MemoryContext.EMPTY);
    assertThat(m.context().visibility()).isEqualTo(Visibility.PROJECT);
    assertThat(m.createdAt().getNano() % 1000).isZero();
  }

  @Test
  void tagsAreTrimmedLowerCasedDeduplicatedAndSorted() {
    Memory m = valid().tags(" Java ", "java", "Build", "ÄRGER").build();
    assertThat(m.tags()).containsExactly("build", "java", "ärger");
  }

  @Test
  void titleIsTrimmedAndBlankSummaryBecomesNull() {
    Memory m = valid().title("  padded  ").summary("   ").build();
    assertThat(m.title()).isEqualTo("padded");
    assertThat(m.summary()).isNull();
  }

  @Test
  void rejectsBadFieldsNamingThem() {
    rejects(() -> valid().title("x".repeat(201)).build(), "title");
    rejects(() -> valid().title(" ").build(), "title");
    rejects(() -> valid().title("a\u0000b").build(), "title");
    rejects(() -> valid().content(null).build(), "content");
    rejects(() -> valid().content("x".repeat(50_001)).build(), "content");
    rejects(() -> valid().summary("x".repeat(501)).build(), "summary");
    rejects(() -> valid().tags(IntStream.range(0, 51).mapToObj(i -> "t" + i).collect(Collectors.toList())).build(), "tags");
    rejects(() -> valid().tags("x".repeat(101)).build(), "tags");
    rejects(() -> valid().importance(Double.NaN).build(), "importance");
    rejects(() -> valid().importance(-0.1).build(), "importance");
    rejects(() -> valid().confidence(1.1).build(), "confidence");
    rejects(() -> valid().id("'; DROP TABLE memories;--").build(), "id");
    rejects(() -> valid().id("a\"}) MATCH (n) DETACH DELETE n").build(), "id");
    rejects(() -> valid().version(0).build(), "version");
    rejects(() -> valid().usageCount(-1).build(), "usage_count");
    rejects(() -> valid().context(MemoryContext.builder().gitBranch("x\u0007").build()).build(), "context.git_branch");
    rejects(() -> MemoryType.parse("nope"), "type");
    rejects(() -> Visibility.parse("secret"), "context.visibility");
    rejects(() -> RelationshipType.parse("LIKES"), "type");
  }

  @Test
  void contentKeepsNewlinesAndTabsAndUnicode() {
    String c = "line1\n\tline2\r\nÄ 🎉 e\u0301";
    assertThat(valid().content(c).build().content()).isEqualTo(c);
  }

  @Test
  void relationshipDefaultsComeFromTheType() {
    Relationship r = Relationship.builder("a", "b", RelationshipType.SOLVES).build();
    assertThat(r.strength()).isEqualTo(RelationshipType.SOLVES.defaultStrength());
    assertThat(r.confidence()).isEqualTo(RelationshipType.SOLVES.defaultConfidence());
    assertThat(r.validFrom()).isEqualTo(r.createdAt());
    assertThat(r.isCurrent()).isTrue();
    rejects(() -> Relationship.builder("a", "a", RelationshipType.SOLVES).build(), "to_id");
  }

  @Test
  void relationshipTypesHave35In7Categories() {
    assertThat(RelationshipType.values()).hasSize(35);
    Map<RelationshipCategory, Long> perCategory = Arrays.stream(RelationshipType.values())
        .collect(Collectors.groupingBy(RelationshipType::category, Collectors.counting()));
    assertThat(perCategory).hasSize(7).allSatisfy((c, n) -> assertThat(n).isEqualTo(5L));
    for (RelationshipType t : RelationshipType.values()) {
      t.inverse().ifPresent(inv -> assertThat(inv.inverse()).contains(t));
    }
    assertThat(MemoryType.values()).hasSize(13);
  }

  @Test
  void searchQueryTokenizesAndValidates() {
    assertThat(SearchQuery.text("Retry, RETRIES! naïve-Äpfel 'x' OR 1=1").terms())
        .containsExactly("retry", "retries", "naïve", "äpfel", "x", "or", "1");
    assertThat(SearchQuery.tokenize("nai\u0308ve \u0301lead Cafe\u0301 na\u00efve"))
        .as("marks stay with their letter; no normalisation").containsExactly("nai\u0308ve", "lead", "cafe\u0301", "na\u00efve");
    rejects(() -> SearchQuery.text("!!! ---"), "text");
    rejects(() -> SearchQuery.builder().limit(0).build(), "limit");
    rejects(() -> SearchQuery.builder().limit(5000).build(), "limit");
    rejects(() -> SearchQuery.builder().offset(-1).build(), "offset");
  }

  @Test
  void enumFiltersRejectNullElementsAndAcceptDuplicates() {
    rejects(() -> SearchQuery.builder().types(MemoryType.TASK, null).build(), "types");
    rejects(() -> TraversalOptions.builder().types(Arrays.asList(RelationshipType.CAUSES, null)).build(), "types");
    assertThat(SearchQuery.builder().types(MemoryType.TASK, MemoryType.TASK).build().types()).containsExactly(MemoryType.TASK);
  }

  @Test
  void traversalDepthIsRejectedBelowOneAndClampedAboveTen() {
    rejects(() -> TraversalOptions.builder().maxDepth(0).build(), "max_depth");
    assertThat(TraversalOptions.builder().maxDepth(1_000_000).build().maxDepth()).isEqualTo(10);
    assertThat(TraversalOptions.DEFAULT.direction()).isEqualTo(Direction.BOTH);
  }

  @Test
  void pageComputesNextOffset() {
    assertThat(new Page<>(List.of(1, 2), 5, 0, 2).nextOffset()).hasValue(2);
    assertThat(new Page<>(List.of(5), 5, 4, 2).nextOffset()).isEmpty();
    assertThat(new Page<>(Collections.emptyList(), 0, 0, 2).hasMore()).isFalse();
  }

  @Test
  void upsertKeepsCreationAndBumpsVersion() {
    Memory old = valid().id("m1").createdAt(Instant.parse("2020-01-01T00:00:00Z")).version(3).build();
    Memory incoming = valid().id("m1").title("new").build();
    Instant now = Instant.parse("2025-01-01T00:00:00.123456Z");
    Memory stored = WriteRules.upsert(old, incoming, now);
    assertThat(stored.createdAt()).isEqualTo(old.createdAt());
    assertThat(stored.updatedAt()).isEqualTo(now);
    assertThat(stored.version()).isEqualTo(4);
    assertThat(stored.title()).isEqualTo("new");
    assertThat(WriteRules.upsert(null, incoming, now)).isSameAs(incoming);
  }

  @Test
  void updateAppliesOnlySetFields() {
    Memory old = valid().summary("s").importance(0.2).build();
    Instant now = old.updatedAt().plusSeconds(5);
    Memory m = MemoryUpdate.builder().importance(0.9).summary("").build().applyTo(old, now);
    assertThat(m.importance()).isEqualTo(0.9);
    assertThat(m.summary()).isNull();
    assertThat(m.title()).isEqualTo(old.title());
    assertThat(m.version()).isEqualTo(2);
    assertThat(m.updatedAt()).isEqualTo(now);
  }

  @Test
  void invalidationIsIdempotentAndCannotPrecedeValidity() {
    Relationship r = Relationship.builder("a", "b", RelationshipType.CAUSES)
        .validFrom(Instant.parse("2024-01-01T00:00:00Z")).build();
    Relationship ended = WriteRules.invalidate(r, Instant.parse("2024-06-01T00:00:00Z"), "r2");
    assertThat(ended.validUntil()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(ended.invalidatedBy()).isEqualTo("r2");
    assertThat(WriteRules.invalidate(ended, Instant.now(), null)).isEqualTo(ended);
    rejects(() -> WriteRules.invalidate(r, Instant.parse("2023-01-01T00:00:00Z"), null), "valid_until");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"})
  void instantsRoundTripThroughMicros(String s) {
    Instant t = Instant.parse(s);
    assertThat(Instants.fromMicros(Instants.toMicros(t))).isEqualTo(t);
  }

  @Test
  void instantsOutsideStorableRangeAreRejected() {
    rejects(() -> valid().createdAt(Instant.parse("+10000-01-01T00:00:00Z")).build(), "created_at");
  }
}
