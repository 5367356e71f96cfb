package io.faunus.fql;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import org.junit.jupiter.api.Test;

class SpanTest {
  static Expr last(String src) {
    var q = Parser.parseQuery(Source.query(src));
    return ((Stmt.ExprStmt) q.stmts().get(q.stmts().size() - 1)).expr();
  }

  static String text(String src, Span span) {
    return src.substring(span.start(), span.end());
  }

  @Test
  void callArgsSpanCoversParentheses() {
    String src = "let author = 1\nabort(0)";
    var call = (Expr.Call) last(src);
    assertThat(text(src, call.argsSpan())).isEqualTo("(0)");
    assertThat(text(src, call.span())).isEqualTo("abort(0)");
    String m = "arr.at(4000)";
    var at = (Expr.Call) last(m);
    assertThat(text(m, at.argsSpan())).isEqualTo("(4000)");
    assertThat(text(m, ((Expr.Select) at.callee()).nameSpan())).isEqualTo("at");
  }

  @Test
  void indexAndOperatorSpans() {
    String src = "arr[4]";
    var idx = (Expr.Index) last(src);
    assertThat(text(src, idx.indexSpan())).isEqualTo("[4]");
    String b = "70000000000 / 0";
    var bin = (Expr.Binary) last(b);
    assertThat(text(b, bin.opSpan())).isEqualTo("/");
    assertThat(text(b, bin.span())).isEqualTo(b);
    assertThat(text(b, bin.right().span())).isEqualTo("0");
  }

  @Test
  void nodeSpans() {
    String src = "if (a) { b } else c.d!";
    var e = (Expr.If) last(src);
    assertThat(text(src, e.span())).isEqualTo(src);
    assertThat(text(src, e.orElse().span())).isEqualTo("c.d!");
    String l = "x => x.name.accessError";
    var lam = (Expr.Lambda) last(l);
    assertThat(text(l, ((Expr.Select) lam.body()).nameSpan())).isEqualTo("accessError");
    assertThat(text(l, lam.span())).isEqualTo(l);
    String let = "let x = -1\nx";
    var q = Parser.parseQuery(Source.query(let));
    assertThat(text(let, q.stmts().get(0).span())).isEqualTo("let x = -1");
    assertThat(text(let, ((Stmt.Let) q.stmts().get(0)).nameSpan())).isEqualTo("x");
    String obj = "{ a: 1 }";
    assertThat(text(obj, last(obj).span())).isEqualTo(obj);
  }
}
