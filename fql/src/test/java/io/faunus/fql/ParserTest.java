package io.faunus.fql;

import static io.faunus.fql.Sexpr.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParserTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      1 + 2 * 3                 ; (+ 1 (* 2 3))
      1 * 2 + 3                 ; (+ (* 1 2) 3)
      1 - 2 - 3                 ; (- (- 1 2) 3)
      2 ** 3 ** 2               ; (** 2 (** 3 2))
      a ?? b || c && d          ; (?? a (|| b (&& c d)))
      a == b < c                ; (== a (< b c))
      a < b isa c               ; (< a (isa b c))
      a isa B | c               ; (isa a (| B c))
      a | b ^ c & d             ; (| a (^ b (& c d)))
      a & b + c                 ; (& a (+ b c))
      a + b % c                 ; (+ a (% b c))
      a % b ** c                ; (% a (** b c))
      a != b =~ c !~ d          ; (!~ (=~ (!= a b) c) d)
      a <= b >= c > d           ; (> (>= (<= a b) c) d)
      -a.b                      ; (- (. a b))
      !a && !b                  ; (&& (! a) (! b))
      ~1                        ; (~ 1)
      - - a                     ; (- (- a))
      !!a                       ; (! (! a))
      """)
  void precedence(String src, String expected) {
    assertThat(query(src)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      -2.abs()                  ; (call (. -2 abs))
      -2 ** 2                   ; (** -2 2)
      3 -2                      ; (- 3 2)
      3 - -2                    ; (- 3 -2)
      - 5                       ; -5
      -/*x*/5                   ; -5
      +5                        ; 5
      --5                       ; (- -5)
      x-1                       ; (- x 1)
      """)
  void signedLiterals(String src, String expected) {
    assertThat(query(src)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      a.b.c                     ; (. (. a b) c)
      a.b(1, 2)                 ; (call (. a b) 1 2)
      f()                       ; (call f)
      a[0][1]                   ; ([] ([] a 0) 1)
      a!                        ; (nonnull a)
      a!.b                      ; (. (nonnull a) b)
      a?.b                      ; (opt (?. a b))
      a?.b.c()                  ; (opt (call (. (?. a b) c)))
      a?.(1)                    ; (opt (?.call a 1))
      a?.[0]                    ; (opt (?.[] a 0))
      a?.b!                     ; (nonnull (opt (?. a b)))
      a?.b!.c                   ; (. (nonnull (opt (?. a b))) c)
      a?.b!.c?.d                ; (opt (?. (. (nonnull (opt (?. a b))) c) d))
      a.b != c                  ; (!= (. a b) c)
      """)
  void postfix(String src, String expected) {
    assertThat(query(src)).isEqualTo(expected);
  }

  @Test
  void newlinesEndStatementsUnlessContinued() {
    assertThat(query("a\nb")).isEqualTo("(block a b)");
    assertThat(query("a;b;")).isEqualTo("(block a b)");
    assertThat(query("a // c\nb")).isEqualTo("(block a b)");
    assertThat(query("a\n.b")).isEqualTo("(. a b)");
    assertThat(query("a\n  // comment\n  .b\n  ?.c")).isEqualTo("(opt (?. (. a b) c))");
    assertThat(query("a\n?? b")).isEqualTo("(?? a b)");
    assertThat(query("a\n|| b\n&& c")).isEqualTo("(|| a (&& b c))");
    assertThat(query("a\n| b\n^ c\n& d")).isEqualTo("(| a (^ b (& c d)))");
    assertThat(query("a\n+ 1")).isEqualTo("(block a 1)");
    assertThat(query("a\n- b")).isEqualTo("(block a (- b))");
    assertThat(query("a\n(b)")).isEqualTo("(block a b)");
    assertThat(query("a\n[1]")).isEqualTo("(block a (array 1))");
    assertThat(query("a +\n b")).isEqualTo("(+ a b)");
    assertThat(query("f(\n1,\n2\n)")).isEqualTo("(call f 1 2)");
    assertThat(query("[\n1,\n2,\n]")).isEqualTo("(array 1 2)");
    assertThat(query("x =>\n x")).isEqualTo("(lambda (x) x)");
    assertThat(query("\n\n  1\n\n")).isEqualTo("1");
  }

  @Test
  void letAndBlocks() {
    assertThat(query("let x = 1\nx")).isEqualTo("(block (let x 1) x)");
    assertThat(query("let x: Int = 1; x")).isEqualTo("(block (let x:Int 1) x)");
    assertThat(query("let f: (Int, String) => Array<Int> = g; f"))
        .isEqualTo("(block (let f:(Int, String) => Array<Int> g) f)");
    assertThat(query("let x =\n 1\nx")).isEqualTo("(block (let x 1) x)");
    assertThat(query("{ let y = 2; y }")).isEqualTo("(block (let y 2) y)");
    assertThat(query("{ x }")).isEqualTo("(block x)");
    assertThat(query("{\n  a\n\n  b\n}")).isEqualTo("(block a b)");
  }

  @Test
  void objectsVersusBlocks() {
    assertThat(query("{}")).isEqualTo("(object)");
    assertThat(query("{ }")).isEqualTo("(object)");
    assertThat(query("{ a: 1, 'b': 2, \"c\": 3, }")).isEqualTo("(object (a 1) (b 2) (c 3))");
    assertThat(query("{\n  a: 1,\n  if: { x: [] }\n}")).isEqualTo("(object (a 1) (if (object (x (array)))))");
    assertThat(query("{ \"a\" + \"b\" }")).isEqualTo("(block (+ \"a\" \"b\"))");
  }

  @Test
  void ifAtAndLambdas() {
    assertThat(query("if (a) b")).isEqualTo("(if a b)");
    assertThat(query("if (a) b else c")).isEqualTo("(if a b c)");
    assertThat(query("if (a) {\n b\n}\nelse {\n c\n}")).isEqualTo("(if a (block b) (block c))");
    assertThat(query("if (a) b else if (c) d else e")).isEqualTo("(if a b (if c d e))");
    assertThat(query("if (a) b\nc")).isEqualTo("(block (if a b) c)");
    assertThat(query("at (t) x.y")).isEqualTo("(at t (. x y))");
    assertThat(query("x => x * 2")).isEqualTo("(lambda (x) (* x 2))");
    assertThat(query("(a, b) => a")).isEqualTo("(lambda (a b) a)");
    assertThat(query("() => 1")).isEqualTo("(lambda () 1)");
    assertThat(query("(_, x) => x")).isEqualTo("(lambda (_ x) x)");
    assertThat(query("_ => 1")).isEqualTo("(lambda (_) 1)");
    assertThat(query("(...rest) => rest")).isEqualTo("(lambda ( ...rest) rest)");
    assertThat(query("(a, ...rest) => rest")).isEqualTo("(lambda (a ...rest) rest)");
    assertThat(query("(\n a,\n b\n) => a")).isEqualTo("(lambda (a b) a)");
    assertThat(query("x => y => x")).isEqualTo("(lambda (x) (lambda (y) x))");
    assertThat(query("f(x => x, 1)")).isEqualTo("(call f (lambda (x) x) 1)");
  }

  @Test
  void parensAreGroupingOrArrays() {
    assertThat(query("(1 + 2) * 3")).isEqualTo("(* (+ 1 2) 3)");
    assertThat(query("(a, b)")).isEqualTo("(array a b)");
    assertThat(query("()")).isEqualTo("(array)");
    assertThat(query("(a,)")).isEqualTo("a");
    assertThat(query("(a).b")).isEqualTo("(. a b)");
  }

  @Test
  void shortLambdas() {
    assertThat(query("f(.name)")).isEqualTo("(call f (short (. this name)))");
    assertThat(query("f(.a.b(1))")).isEqualTo("(call f (short (call (. (. this a) b) 1)))");
    assertThat(query("f(.[0])")).isEqualTo("(call f (short ([] this 0)))");
    assertThat(query("f(.(1))")).isEqualTo("(call f (short (call this 1)))");
    assertThat(query("f(.age > 18 && .active)"))
        .isEqualTo("(call f (short (&& (> (. this age) 18) (. this active))))");
    assertThat(query("f(!.done)")).isEqualTo("(call f (short (! (. this done))))");
    assertThat(query("f((.a) > 1)")).isEqualTo("(call f (short (> (. this a) 1)))");
    assertThat(query("f(.a?.b)")).isEqualTo("(call f (short (opt (?. (. this a) b))))");
    assertThat(query("f(.a { b })")).isEqualTo("(call f (short (project (. this a) {b})))");
    assertThat(query("a[.x]")).isEqualTo("([] a (short (. this x)))");
    assertThat(query("f(g(.x), .y)")).isEqualTo("(call f (call g (short (. this x))) (short (. this y)))");
  }

  @Test
  void shortLambdaSpanStartsAtDot() {
    var call = (io.faunus.fql.ast.Expr.Call) Parser.parseExpr(Source.query("f(.a + 1)"));
    assertThat(call.args().get(0).span()).isEqualTo(new Span(2, 8));
  }

  @Test
  void projections() {
    assertThat(query("x { a, b }")).isEqualTo("(project x {a, b})");
    assertThat(query("x {\n a,\n b { c, d },\n e: .f + 1,\n}")).isEqualTo("(project x {a, b {c, d}, e: (+ (. this f) 1)})");
    assertThat(query("Authors.byGenre(\"sci-fi\") { firstName, lastName }"))
        .isEqualTo("(project (call (. Authors byGenre) \"sci-fi\") {firstName, lastName})");
    assertThat(query("a + b { c }")).isEqualTo("(project (+ a b) {c})");
    assertThat(query("x => x { a }")).isEqualTo("(lambda (x) (project x {a}))");
    assertThat(query("x\n{ a: 1 }")).isEqualTo("(block x (object (a 1)))");
  }

  @Test
  void placeholders() {
    assertThat(query(Parser.PLACEHOLDER + "0>")).isEqualTo("$0");
    assertThat(query(Parser.PLACEHOLDER + "12>.length + " + Parser.PLACEHOLDER + "3>"))
        .isEqualTo("(+ (. $12 length) $3)");
    assertThat(query(Parser.PLACEHOLDER + "1>.map(x => x)")).isEqualTo("(call (. $1 map) (lambda (x) x))");
  }

  @Test
  void placeholderIndexTooLargeIsAParseError() { // found by ParserFuzzTest: was a NumberFormatException
    assertThatThrownBy(() -> Parser.parseQuery(Source.query(Parser.PLACEHOLDER + "99999999999>")))
        .isInstanceOf(ParseException.class).hasMessage("Invalid template placeholder");
  }

  @Test
  void parseExprEntry() {
    assertThat(Sexpr.expr("x => x * 2")).isEqualTo("(lambda (x) (* x 2))");
    assertThat(Sexpr.expr("\n  (a, b) => a\n")).isEqualTo("(lambda (a b) a)");
  }

  @Test
  void keywordsAreLiteralsOrFieldNames() {
    assertThat(query("null")).isEqualTo("null");
    assertThat(query("[true, false]")).isEqualTo("(array true false)");
    assertThat(query("arr.at(1)")).isEqualTo("(call (. arr at) 1)");
    assertThat(query("x.if")).isEqualTo("(. x if)");
    assertThat(query("iffy")).isEqualTo("iffy");
  }
}
