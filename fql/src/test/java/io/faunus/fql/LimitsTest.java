package io.faunus.fql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile inputs must end in a result or a diagnostic, never a StackOverflowError or a hang. */
@Timeout(value = 20)
class LimitsTest {
  static Expr only(String src) {
    return ((Stmt.ExprStmt) Parser.parseQuery(Source.query(src)).stmts().get(0)).expr();
  }

  @Test
  void deepParenthesesAreRejected() {
    assertThatThrownBy(() -> Parser.parseQuery(Source.query("(".repeat(100_000) + "1" + ")".repeat(100_000))))
        .isInstanceOf(ParseException.class).hasMessage("Query is too deeply nested");
  }

  @Test
  void deepBracketsBracesLambdasAndStringsAreRejected() {
    for (String open : new String[] {"[", "{", "x => ", "\"#{", "{ a: ", "f(", "if (a) ", "x { y { "}) {
      String src = open.repeat(50_000) + "1";
      assertThatThrownBy(() -> Parser.parseQuery(Source.query(src))).as(open).isInstanceOf(ParseException.class);
    }
  }

  @Test
  void moderateNestingStillParses() {
    int n = Cursor.MAX_DEPTH - 5;
    assertThat(only("(".repeat(n) + "1" + ")".repeat(n))).isInstanceOf(Expr.NumLit.class);
  }

  @Test
  void deepNestingIsSafeOnASmallStack() throws Exception {
    Throwable[] result = new Throwable[1];
    int n = Cursor.MAX_DEPTH - 1;
    Thread t = new Thread(null, () -> {
      try {
        Parser.parseQuery(Source.query("[".repeat(n) + "1" + "]".repeat(n)));
        Parser.parseQuery(Source.query("(".repeat(100_000)));
      } catch (Throwable e) {
        result[0] = e;
      }
    }, "small-stack", 512 * 1024);
    t.start();
    t.join(Duration.ofSeconds(20));
    assertThat(result[0]).isInstanceOf(ParseException.class);
  }

  @Test
  void longOperatorChainsAreIterative() {
    Expr e = only("1" + "+1".repeat(200_000));
    int depth = 0;
    while (e instanceof Expr.Binary b) {
      depth++;
      e = b.left();
    }
    assertThat(depth).isEqualTo(200_000);
    Expr pow = only("2" + " ** 2".repeat(100_000));
    assertThat(pow).isInstanceOf(Expr.Binary.class);
  }

  @Test
  void longPrefixAndPostfixChainsAreIterative() {
    assertThat(only("!".repeat(100_000) + "a")).isInstanceOf(Expr.Unary.class);
    assertThat(only("a" + ".b".repeat(100_000))).isInstanceOf(Expr.Select.class);
    assertThat(only("a" + "?.b".repeat(100_000))).isInstanceOf(Expr.OptChain.class);
    assertThat(only("f" + "(1)".repeat(100_000))).isInstanceOf(Expr.Call.class);
  }

  @Test
  void nestedCommentsAndManyStatements() {
    assertThat(only("/*".repeat(100_000) + "*/".repeat(100_000) + " 1")).isInstanceOf(Expr.NumLit.class);
    assertThat(Parser.parseQuery(Source.query("1\n".repeat(100_000))).stmts()).hasSize(100_000);
  }

  @Test
  void nestedStringKeysDoNotBacktrackExponentially() {
    int n = Cursor.MAX_DEPTH / 3; // each level nests two expressions; 2^n re-parses would never finish
    String src = "{\"#{".repeat(n) + "1" + "}\"}".repeat(n);
    assertThat(Parser.parseQuery(Source.query(src)).stmts()).hasSize(1);
  }
}
