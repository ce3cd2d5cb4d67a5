package io.ferry.migration.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTokensTest {

    @Test
    void theFirstWordSkipsCommentsAndIgnoresCase() {
        assertThat(SqlTokens.firstWord("-- why\n/* a /* nested */ note */\n  DROP TABLE t")).isEqualTo("drop");
        assertThat(SqlTokens.firstWord("(SELECT 1)")).isEmpty();
    }

    @Test
    void tokensKnowTheirLineAndColumnInTheFile() {
        SqlTokens t = SqlTokens.of(new SqlStatement("ALTER TABLE t\n  ADD COLUMN \"Note\" text", 7, 3));
        Token note = t.get(5);
        assertThat(note.kind()).isEqualTo(Token.Kind.QUOTED);
        assertThat(note.value()).isEqualTo("Note");
        assertThat(t.line(note)).isEqualTo(8);
        assertThat(t.column(note)).isEqualTo(14);
        assertThat(t.column(t.get(0))).isEqualTo(3);
    }
}
