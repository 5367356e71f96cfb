package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.NativeImpl;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Time and Date (spec §4.8). Fields are read in UTC. */
final class TimeLib {
  private TimeLib() {}

  /** Fauna's representable range: years ±999999999 (narrower than {@link Instant}'s). */
  static final Instant MIN_TIME = Instant.parse("-999999999-01-01T00:00:00Z");
  static final Instant MAX_TIME = Instant.parse("+999999999-12-31T23:59:59.999999999Z");

  /** ISO-8601 date-time; the offset is {@code Z}, {@code +HH:MM[:ss]} or {@code +HHMM}, and required. */
  private static final DateTimeFormatter TIME_FORMAT = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "+0000").optionalEnd()
      .toFormatter();

  static TypeMembers timeMembers() {
    TypeMembers m = new TypeMembers();
    timeField(m, "year", OffsetDateTime::getYear);
    timeField(m, "month", OffsetDateTime::getMonthValue);
    timeField(m, "dayOfMonth", OffsetDateTime::getDayOfMonth);
    timeField(m, "dayOfWeek", t -> t.getDayOfWeek().getValue());
    timeField(m, "dayOfYear", OffsetDateTime::getDayOfYear);
    timeField(m, "hour", OffsetDateTime::getHour);
    timeField(m, "minute", OffsetDateTime::getMinute);
    timeField(m, "second", OffsetDateTime::getSecond);
    return m
        .method("toSeconds", Arity.exactly(0), (in, self, args, site) ->
            Numbers.of(instant(self, "toSeconds").getEpochSecond()))
        .method("toMillis", Arity.exactly(0), (in, self, args, site) -> sinceEpoch(instant(self, "toMillis"), 1_000))
        .method("toMicros", Arity.exactly(0), (in, self, args, site) ->
            sinceEpoch(instant(self, "toMicros"), 1_000_000))
        .method("add", Arity.exactly(2), (in, self, args, site) -> shiftTime(in, self, args, site, true))
        .method("subtract", Arity.exactly(2), (in, self, args, site) -> shiftTime(in, self, args, site, false))
        .method("difference", Arity.exactly(2), TimeLib::timeDifference);
  }

  static TypeMembers dateMembers() {
    TypeMembers m = new TypeMembers();
    dateField(m, "year", LocalDate::getYear);
    dateField(m, "month", LocalDate::getMonthValue);
    dateField(m, "dayOfMonth", LocalDate::getDayOfMonth);
    dateField(m, "dayOfWeek", d -> d.getDayOfWeek().getValue());
    dateField(m, "dayOfYear", LocalDate::getDayOfYear);
    return m
        .method("add", Arity.exactly(2), (in, self, args, site) -> shiftDate(in, self, args, site, true))
        .method("subtract", Arity.exactly(2), (in, self, args, site) -> shiftDate(in, self, args, site, false))
        .method("difference", Arity.exactly(1), (in, self, args, site) -> {
          if (!(args.get(0) instanceof DateV start)) throw Args.type(in, "start", "Date", args.get(0), site);
          // Fauna types this as Long, even for small differences.
          return new LongV(ChronoUnit.DAYS.between(start.value(), ((DateV) self).value()));
        });
  }

  static void register(Map<String, Value> globals) {
    NativeImpl parseTime = (in, self, args, site) -> parseTime(in, Args.str(in, args, 0, "time", site), site);
    TypeMembers time = new TypeMembers()
        .method("fromString", Arity.exactly(1), parseTime)
        .method("now", Arity.exactly(0), (in, self, args, site) -> new TimeV(in.ctx().snapshotTime()))
        .method("epoch", Arity.exactly(2), TimeLib::epoch);
    GlobalLib.module(globals, "Time", time, v -> v instanceof TimeV, new Member.Method("Time", Arity.exactly(1), parseTime));

    NativeImpl parseDate = (in, self, args, site) -> parseDate(in, Args.str(in, args, 0, "date", site), site);
    TypeMembers date = new TypeMembers()
        .method("fromString", Arity.exactly(1), parseDate)
        .method("today", Arity.exactly(0), (in, self, args, site) ->
            new DateV(LocalDate.ofInstant(in.ctx().snapshotTime(), ZoneOffset.UTC)));
    GlobalLib.module(globals, "Date", date, v -> v instanceof DateV, new Member.Method("Date", Arity.exactly(1), parseDate));
  }

  // ---- Time -------------------------------------------------------------------------------------

  private static void timeField(TypeMembers m, String name, ToIntFunction<OffsetDateTime> f) {
    m.prop(name, (in, self) -> new IntV(f.applyAsInt(instant(self, name).atOffset(ZoneOffset.UTC))));
  }

  /**
   * The instant of a Time receiver. TransactionTime() shares the Time members (so comparisons and display
   * treat it as a time), but its value is only known at commit.
   * TODO: once the engine can defer computations to commit time, resolve it here instead of failing.
   */
  private static Instant instant(Value self, String member) {
    if (self instanceof TimeV t) return t.value();
    throw Interp.fail(ErrorCode.INVALID_FUNCTION_INVOCATION, "The function `" + member
        + "` does not exist on `TransactionTime`");
  }

  /** Whole {@code perSecond} units since the epoch (floored, like Instant.toEpochMilli); Long overflow → Double. */
  private static NumV sinceEpoch(Instant t, long perSecond) {
    BigInteger units = BigInteger.valueOf(t.getEpochSecond()).multiply(BigInteger.valueOf(perSecond))
        .add(BigInteger.valueOf(t.getNano() / (1_000_000_000L / perSecond)));
    return Numbers.of(units);
  }

  static TimeV parseTime(Interp in, String s, Span site) {
    in.chargeBytes(s.length()); // the error message copies it
    try {
      return new TimeV(Instant.from(TIME_FORMAT.parse(s)));
    } catch (DateTimeException e) {
      throw in.error(ErrorCode.INVALID_TIME, "`" + s + "` is not a valid time.", site);
    }
  }

  private static ChronoUnit timeUnit(Interp in, List<Value> args, int i, Span site) {
    String name = Args.str(in, args, i, "unit", site);
    ChronoUnit unit = TimeUnits.parse(name);
    if (unit == null) throw in.error(ErrorCode.INVALID_UNIT, "`" + name + "` is not a valid time unit.", site);
    return unit;
  }

  private static Value shiftTime(Interp in, Value self, List<Value> args, Span site, boolean add) {
    Instant t = instant(self, add ? "add" : "subtract");
    NumV amount = Args.num(in, args, 0, "amount", site);
    ChronoUnit unit = timeUnit(in, args, 1, site);
    return offset(in, t, add ? amount : Numbers.negate(amount), unit, site);
  }

  private static Value epoch(Interp in, Value self, List<Value> args, Span site) {
    NumV amount = Args.num(in, args, 0, "offset", site);
    return offset(in, Instant.EPOCH, amount, timeUnit(in, args, 1, site), site);
  }

  /** {@code t + amount unit}, range-checked; an overflow reports the bound it crossed. */
  private static TimeV offset(Interp in, Instant t, NumV amount, ChronoUnit unit, Span site) {
    boolean forward = amount.asDouble() >= 0 || Double.isNaN(amount.asDouble());
    Instant r;
    try {
      r = amount instanceof DoubleV d ? TimeUnits.plus(t, d.value(), unit) : t.plus(Numbers.asLong(amount), unit);
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw rangeError(in, forward, site);
    }
    if (r.isBefore(MIN_TIME)) throw rangeError(in, false, site);
    if (r.isAfter(MAX_TIME)) throw rangeError(in, true, site);
    return new TimeV(r);
  }

  private static QueryError rangeError(Interp in, boolean max, Span site) {
    return in.error(ErrorCode.INVALID_TIME, "Time exceeds the " + (max ? "maximum" : "minimum") + " value.", site);
  }

  /** Whole units from {@code start} to this time (negative when start is later). */
  private static Value timeDifference(Interp in, Value self, List<Value> args, Span site) {
    Instant end = instant(self, "difference");
    Value arg = args.get(0);
    if (!(arg instanceof TimeV || arg instanceof TxnTimeV)) throw Args.type(in, "start", "Time", arg, site);
    Instant start = instant(arg, "difference");
    ChronoUnit unit = timeUnit(in, args, 1, site);
    try {
      return Numbers.of(unit.between(start, end));
    } catch (ArithmeticException e) {
      // Nanoseconds between far-apart times overflow a Long; widen like other integer overflows.
      BigInteger nanos = BigInteger.valueOf(end.getEpochSecond() - start.getEpochSecond())
          .multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(end.getNano() - start.getNano()));
      return Numbers.of(nanos.divide(BigInteger.valueOf(unit.getDuration().toNanos())));
    }
  }

  // ---- Date -------------------------------------------------------------------------------------

  private static void dateField(TypeMembers m, String name, ToIntFunction<LocalDate> f) {
    m.prop(name, (in, self) -> new IntV(f.applyAsInt(((DateV) self).value())));
  }

  static DateV parseDate(Interp in, String s, Span site) {
    in.chargeBytes(s.length()); // the error message copies it
    try {
      return new DateV(LocalDate.parse(s));
    } catch (DateTimeException e) {
      throw in.error(ErrorCode.INVALID_DATE, "`" + s + "` is not a valid date.", site);
    }
  }

  /** Dates move by whole days only; a Double amount is rounded to the nearest day (as in Fauna). */
  private static Value shiftDate(Interp in, Value self, List<Value> args, Span site, boolean add) {
    NumV amount = Args.num(in, args, 0, "amount", site);
    String name = Args.str(in, args, 1, "unit", site);
    ChronoUnit unit = TimeUnits.parse(name);
    if (unit == null || !unit.isDateBased()) {
      throw in.error(ErrorCode.INVALID_UNIT, "`" + name + "` is not a valid date unit.", site);
    }
    long days = amount instanceof DoubleV d ? Math.round(d.value()) : Numbers.asLong(amount);
    LocalDate from = ((DateV) self).value();
    try {
      return new DateV(add ? from.plus(days, unit) : from.minus(days, unit));
    } catch (DateTimeException | ArithmeticException e) {
      // Fauna has no message for this (it fails internally); worded like the Time range errors.
      boolean max = add == (days >= 0);
      throw in.error(ErrorCode.INVALID_DATE, "Date exceeds the " + (max ? "maximum" : "minimum") + " value.", site);
    }
  }
}
