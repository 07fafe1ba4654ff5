# Makefile - the one build of Bluelet for C: blc, libbluelet, examples,
# tests and benchmarks.  Non-recursive; every output goes under $(B)/.
#
#   make                 build blc, libbluelet and the examples
#   make demo            translate and run an example, with a scripted client
#   make check           every test (installs flex, bison, CMocka if missing)
#   make check SANITIZE=1   the same under ASan + UBSan, in build/san/
#   make check-runtime SANITIZE=thread   ThreadSanitizer, in build/tsan/
#   make install PREFIX=/usr/local DESTDIR=
#   make V=1             show the commands

.DELETE_ON_ERROR:
.SUFFIXES:
.DEFAULT_GOAL := all

VERSION := $(shell sed -n 's/^\#define BL_VERSION "\(.*\)"/\1/p' runtime/bluelet.h)
PREFIX  ?= /usr/local
DESTDIR ?=
FLEX    ?= flex
BISON   ?= bison
CFLAGS  ?= -O2 -g

ifeq ($(SANITIZE),1)
B        := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
else ifeq ($(SANITIZE),thread)
B        := build/tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
else
B        := build
SANFLAGS :=
endif

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

WARN   := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wpointer-arith -Wformat=2 -Wundef
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# Checks tools and libraries, installing them with apt-get when run as root
# (tests/deps.sh says what it needs and how to get it).
DEPS := tests/deps.sh

# The test suites `make check` runs; each section adds its own.
CHECKS :=

.PHONY: all demo check deps install uninstall clean fuzz bench

# ----------------------------------------------------------------------
# blc: grammar/ (flex, bison) + compiler/
# ----------------------------------------------------------------------

# -Cf: a full, uncompressed scanner table (faster; see grammar/c.l)
FLEXFLAGS   ?= -Cf
GRAMMAR_C   := $(B)/grammar/c.tab.c $(B)/grammar/c.lex.c
GRAMMAR_H   := $(B)/grammar/c.tab.h $(B)/grammar/c.lex.h
COMPILER_SRC := $(filter-out compiler/fuzz%.c,$(wildcard compiler/*.c))
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(B)/%.o)
GRAMMAR_OBJ  := $(GRAMMAR_C:%.c=%.o)
BLC_CFLAGS   = -Icompiler -I$(B)/grammar -DBLC_VERSION='"$(VERSION)"' 

$(B)/grammar/c.tab.c $(B)/grammar/c.tab.h: grammar/c.y
	$(quiet) BISON $<
	@mkdir -p $(@D)
	$(Q)$(BISON) -Wall -Werror --defines=$(B)/grammar/c.tab.h -o $(B)/grammar/c.tab.c $<

$(B)/grammar/c.lex.c $(B)/grammar/c.lex.h: grammar/c.l
	$(quiet) FLEX $<
	@mkdir -p $(@D)
	$(Q)$(FLEX) $(FLEXFLAGS) --header-file=$(B)/grammar/c.lex.h -o $(B)/grammar/c.lex.c $<

# The compiler's own sources include the generated headers.
$(COMPILER_OBJ): $(GRAMMAR_H)

$(B)/compiler/%.o: compiler/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(BLC_CFLAGS) -c $< -o $@

# Generated code is not ours to lint: flex and bison output gets a
# narrower warning set.
$(B)/grammar/%.o: $(B)/grammar/%.c $(GRAMMAR_H)
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(BLC_CFLAGS) -Wno-unused-function \
	    -Wno-missing-prototypes -Wno-sign-compare -Wno-unused-parameter -c $< -o $@

$(B)/blc: $(COMPILER_OBJ) $(GRAMMAR_OBJ)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) $^ -o $@

# ----------------------------------------------------------------------
# libbluelet: runtime/
# ----------------------------------------------------------------------

RUNTIME_SRC := $(wildcard runtime/*.c)
RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(B)/%.o)
RUNTIME_PIC := $(RUNTIME_SRC:%.c=$(B)/pic/%.o)
# The fault tests' build of the runtime (tests/fault section, below).
FB := $(B)/fault
FAULT_RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(FB)/%.o)
SONAME      := libbluelet.so.0

$(B)/runtime/%.o: runtime/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -c $< -o $@ $(URING_LINK)

$(B)/pic/runtime/%.o: runtime/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -Iruntime -c $< -o $@ $(URING_LINK)

# io_uring (runtime/uring.c) is built where liburing is installed (Debian's
# liburing-dev, which tests/deps.sh installs); elsewhere the runtime has
# epoll alone and BLUELET_BACKEND=io_uring runs on epoll.  liburing goes
# inside uring.o (ld -r with its static archive), which keeps only its own
# symbol global: programs link libbluelet.a (or .so) alone, as before.
URING_A    := $(firstword $(wildcard /usr/lib/*/liburing.a /usr/lib/liburing.a))
HAVE_URING := $(if $(and $(wildcard /usr/include/liburing.h),$(URING_A)),1)
ifeq ($(HAVE_URING),1)
$(RUNTIME_OBJ) $(RUNTIME_PIC) $(FAULT_RUNTIME_OBJ): ALL_CFLAGS += -DBL_HAVE_URING
$(B)/runtime/uring.o $(B)/pic/runtime/uring.o $(FB)/runtime/uring.o: URING_LINK = \
	&& mv $@ $@.own.o && $(LD) -r -o $@ $@.own.o --whole-archive $(URING_A) \
	&& rm $@.own.o && $(OBJCOPY) --keep-global-symbol=bl__uring $@
endif
OBJCOPY ?= objcopy

$(B)/libbluelet.a: $(RUNTIME_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/libbluelet.so: $(RUNTIME_PIC)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) $^ -o $@

LIBS := $(B)/libbluelet.a $(B)/libbluelet.so

# Unit tests: one CMocka binary per module, each run once per backend
# (BLUELET_BACKEND), then once more under valgrind (plain builds only:
# valgrind and ASan do not mix).
# A suite is tests/unit/test_X.c, or tests/unit/test_X.blc translated by
# the blc just built into $(B)/tests/unit/test_X.c (the runtime's tests are
# written in the language they test).
RUNTIME_TESTS_C   := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))
RUNTIME_TESTS_BLC := $(patsubst tests/unit/%.blc,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.blc))
RUNTIME_TESTS := $(RUNTIME_TESTS_C) $(RUNTIME_TESTS_BLC)
RUNTIME_BACKENDS := $(if $(filter Linux,$(shell uname -s)),epoll poll $(if $(HAVE_URING),io_uring),kqueue poll)

$(RUNTIME_TESTS_C): $(B)/tests/unit/%: tests/unit/%.c tests/unit/blt.h runtime/bluelet.h $(B)/libbluelet.a
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Itests/unit $< $(B)/libbluelet.a -lcmocka $(ALL_LDFLAGS) -o $@

$(RUNTIME_TESTS_BLC:%=%.c): $(B)/tests/unit/%.c: tests/unit/%.blc tests/unit/blt.h runtime/bluelet.h $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime -Itests/unit $< -o $@

$(RUNTIME_TESTS_BLC): $(B)/tests/unit/%: $(B)/tests/unit/%.c $(B)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Itests/unit $< $(B)/libbluelet.a -lcmocka $(ALL_LDFLAGS) -o $@

# A suite moved from test_X.c to test_X.blc leaves, in an existing build
# directory, a test_X.d that still names tests/unit/test_X.c: this rule
# lets make pass the missing file by (the next compile rewrites the .d).
tests/unit/%.c: ;

.PHONY: check-runtime check-runtime-valgrind
# Each suite once per backend, and once more in debug mode (BLUELET_DEBUG:
# every frame and event its own malloc, misuse aborts), which must run
# correct programs just the same.  Every suite runs even after a failure;
# the target fails if any did (alone or under tests/check.sh).
# io_uring-fallback: io_uring asked for on a kernel without what it needs
# (forced by BLUELET_URING_UNSUPPORTED), which runs on epoll.
check-runtime: $(RUNTIME_TESTS)
	$(Q)rc=0; for t in $(RUNTIME_TESTS); do for be in $(RUNTIME_BACKENDS) $(if $(HAVE_URING),io_uring-fallback) debug; do \
	    echo "== $$(basename $$t) ($$be)"; \
	    case $$be in debug) mode=BLUELET_DEBUG=1 ;; \
	    io_uring-fallback) mode="BLUELET_BACKEND=io_uring BLUELET_URING_UNSUPPORTED=1" ;; \
	    *) mode=BLUELET_BACKEND=$$be ;; esac; \
	    env $$mode timeout 120 $$t || { \
	        echo "[  FAILED  ] 1 test(s), listed below: $$(basename $$t) ($$be) exited $$?"; rc=1; }; \
	done; done; exit $$rc

# Under valgrind: the default backend, and io_uring where it is built.
VALGRIND_BACKENDS := $(firstword $(RUNTIME_BACKENDS)) $(if $(HAVE_URING),io_uring)
check-runtime-valgrind: $(RUNTIME_TESTS)
	$(Q)rc=0; for t in $(RUNTIME_TESTS); do for be in $(VALGRIND_BACKENDS); do \
	    echo "== $$(basename $$t) (valgrind, $$be)"; \
	    BLUELET_BACKEND=$$be timeout 300 valgrind -q --error-exitcode=1 --leak-check=full \
	        --errors-for-leak-kinds=definite,indirect $$t \
	    || { echo "[  FAILED  ] 1 test(s), listed below: $$(basename $$t) under valgrind ($$be) exited $$?"; rc=1; }; \
	done; done; exit $$rc

CHECKS += check-runtime check-runtime-selftest
ifneq ($(SANITIZE),1)
CHECKS += check-runtime-valgrind
endif

# The two targets above fail when a suite fails, and pass when all pass:
# each run on stand-in suites (/bin/false among /bin/true), output hidden
# (its failure lines are expected).
.PHONY: check-runtime-selftest
check-runtime-selftest:
	$(Q)p=0; f=0; for tgt in check-runtime check-runtime-valgrind; do \
	    if $(MAKE) --no-print-directory $$tgt \
	        RUNTIME_TESTS="/bin/true /bin/false /bin/true" >/dev/null 2>&1; \
	    then echo "FAIL: $$tgt passed with a failing suite"; f=$$((f + 1)); \
	    else p=$$((p + 1)); fi; \
	    if $(MAKE) --no-print-directory $$tgt RUNTIME_TESTS=/bin/true >/dev/null 2>&1; \
	    then p=$$((p + 1)); \
	    else echo "FAIL: $$tgt failed with passing suites"; f=$$((f + 1)); fi; \
	done; echo "runtime-selftest: $$p passed, $$f failed"; [ $$f = 0 ]

# ----------------------------------------------------------------------
# examples/
# ----------------------------------------------------------------------

EXAMPLES :=

$(B)/examples/echo-handwritten: examples/handwritten/echo.c $(B)/libbluelet.a
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime $< $(B)/libbluelet.a $(ALL_LDFLAGS) -o $@

ifneq ($(wildcard examples/handwritten/echo.c),)
EXAMPLES += $(B)/examples/echo-handwritten
CHECKS += check-echo-handwritten
endif

.PHONY: check-echo-handwritten
check-echo-handwritten: $(B)/examples/echo-handwritten
	$(Q)tests/run/echo-handwritten.sh $(B)/examples/echo-handwritten

# The twin is exactly what blc --no-line writes for examples/echo.blc.
ifneq ($(wildcard examples/handwritten/echo.c),)
CHECKS += check-echo-twin
endif
.PHONY: check-echo-twin
check-echo-twin: $(B)/blc
	$(Q)CC="$(CC)" tests/run/echo-twin.sh $(B)/blc

# ----------------------------------------------------------------------
# examples/transform: each examples/NAME.blc is translated by the blc just
# built and linked with libbluelet into $(B)/examples/NAME.  The transform
# (compiler/analyze.c, compiler/lower*.c) is tested by check-transform:
# the erasure oracle over ORACLE_SEEDS random programs, the examples run
# (echo with real clients) and #line checked through a C compiler's errors.
# `make fuzz-transform FUZZ_SEEDS=N FUZZ_FIRST=S` runs the oracle longer.
# ----------------------------------------------------------------------

BLC_EXAMPLES := $(patsubst examples/%.blc,$(B)/examples/%,$(wildcard examples/*.blc))
# hiredis.blc drives a library (libhiredis-dev); `make` and check-transform
# build it only when the library is here, check-hiredis always (deps.sh
# test installs it).
BLC_EXAMPLES_HERE := $(if $(wildcard /usr/include/hiredis/async.h),$(BLC_EXAMPLES),\
                          $(filter-out $(B)/examples/hiredis,$(BLC_EXAMPLES)))
EXAMPLES += $(BLC_EXAMPLES_HERE)
$(B)/examples/hiredis: EXAMPLE_LIBS := -lhiredis

$(BLC_EXAMPLES:%=%.c): $(B)/examples/%.c: examples/%.blc $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime $< -o $@

$(BLC_EXAMPLES): $(B)/examples/%: $(B)/examples/%.c $(B)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Iexamples $< $(B)/libbluelet.a $(EXAMPLE_LIBS) $(ALL_LDFLAGS) -o $@

ORACLE_SEEDS ?= $(if $(filter 1,$(SANITIZE)),60,500)
FUZZ_SEEDS   ?= 5000
FUZZ_FIRST   ?= 100000
TRANSFORM_ENV = B=$(B) SANITIZE=$(SANITIZE)

.PHONY: check-transform check-oracle fuzz-transform
CHECKS += check-oracle check-transform
check-oracle: $(B)/blc $(B)/libbluelet.a
	$(Q)$(TRANSFORM_ENV) tests/oracle/run.sh 1 $(ORACLE_SEEDS)

check-transform: $(B)/blc $(BLC_EXAMPLES_HERE)
	$(Q)$(TRANSFORM_ENV) tests/transform/run.sh

fuzz-transform: $(B)/blc $(B)/libbluelet.a
	$(Q)$(TRANSFORM_ENV) tests/oracle/run.sh $(FUZZ_FIRST) $(FUZZ_SEEDS)

# The seed's larger programs, each run against real clients by a script
# in tests/run/ that starts it on 127.0.0.1 and stops it by its pid.
CHECKS += check-httpd check-crawler check-ipc
.PHONY: check-httpd check-crawler check-ipc
check-httpd check-crawler check-ipc: check-%: $(B)/examples/%
	$(Q)tests/run/$*.sh $(B)/examples/$*

# The examples of channels, fds and task groups, run the same way.
CHECKS += check-chat check-hiredis
.PHONY: check-chat check-hiredis
check-chat check-hiredis: check-%: $(B)/examples/%
	$(Q)tests/run/$*.sh $(B)/examples/$*
# chat on io_uring too: its writers send line after line, which uring.c
# makes at once (through the ring, each would wait a pass: dropped as slow).
ifeq ($(HAVE_URING),1)
CHECKS += check-chat-uring
.PHONY: check-chat-uring
check-chat-uring: $(B)/examples/chat
	$(Q)BLUELET_BACKEND=io_uring tests/run/chat.sh $<
endif
CHECKS += check-proxy
.PHONY: check-proxy
check-proxy: $(B)/examples/proxy $(B)/examples/httpd
	$(Q)tests/run/proxy.sh $^
# echo and httpd with two loops (bl_run_threads), under valgrind.
CHECKS += check-threads
.PHONY: check-threads
check-threads: $(B)/examples/echo $(B)/examples/httpd
	$(Q)SANITIZE=$(SANITIZE) tests/run/threads.sh $^
# tests/run/lib.sh itself: servers are awaited without a probe connection.
CHECKS += check-run-lib
.PHONY: check-run-lib
check-run-lib:
	$(Q)tests/run/lib-selftest.sh
# Hostile clients against httpd and kv (tests/hostile/run.sh): 5 000
# slow-header clients and the latency of normal ones, the deadline, the
# connection caps, every limit, malformed requests, pipelining (ab, h2load,
# wrk), symlinks out of the root.
$(B)/tests/hostile/slow: tests/hostile/slow.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -o $@
CHECKS += check-hostile
.PHONY: check-hostile
check-hostile: $(B)/examples/httpd $(B)/examples/kv $(B)/tests/hostile/slow
	$(Q)$(if $(filter 1,$(SANITIZE)),,HOSTILE_VALGRIND=1) tests/hostile/run.sh $^
# The RESP key-value example against redis-cli and redis-benchmark.
CHECKS += check-kv
.PHONY: check-kv
check-kv: $(B)/examples/kv
	$(Q)tests/run/kv.sh $(B)/examples/kv

# ----------------------------------------------------------------------
# tests/fault: the failing allocator (tests/fault/failalloc.c: the Nth
# allocation fails).  The runtime and blc are built again under $(FB)/
# with every call to the C allocator renamed to the hook (objcopy; syms.sh
# fails the build on one left), and the runtime's slab allocator asking
# the hook too (BL_FAULT).  check-fault-alloc walks N over every
# allocation of a run of each program (tests/fault/walk.sh).
# ----------------------------------------------------------------------

FAULT_ALLOCATORS := malloc calloc realloc reallocarray strdup strndup \
                    posix_memalign aligned_alloc mmap mremap open_memstream \
                    realpath
FAULT_RENAME = $(OBJCOPY) $(foreach f,$(FAULT_ALLOCATORS),--redefine-sym $(f)=bl__fault_$(f)) $@ \
               && tests/fault/syms.sh $@

$(FAULT_RUNTIME_OBJ): $(FB)/runtime/%.o: runtime/%.c tests/fault/syms.sh
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -DBL_FAULT -Iruntime -c $< -o $@ $(URING_LINK)
	$(Q)$(FAULT_RENAME)

$(FB)/failalloc.o: tests/fault/failalloc.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(FB)/libbluelet.a: $(FAULT_RUNTIME_OBJ) $(FB)/failalloc.o
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# blc's objects, renamed the same way.
FAULT_BLC_OBJ := $(patsubst $(B)/%,$(FB)/%,$(COMPILER_OBJ) $(GRAMMAR_OBJ))
$(FAULT_BLC_OBJ): $(FB)/%.o: $(B)/%.o tests/fault/syms.sh
	$(quiet) RENAME $@
	@mkdir -p $(@D)
	$(Q)cp $< $@ && $(FAULT_RENAME)

$(FB)/blc: $(FAULT_BLC_OBJ) $(FB)/failalloc.o
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) $^ -o $@

# The suites and the examples, from the C that blc wrote for the plain
# build, linked with the failing runtime.
FAULT_SUITES   := $(RUNTIME_TESTS:$(B)/%=$(FB)/%)
FAULT_EXAMPLES := $(FB)/examples/echo $(FB)/examples/proxy $(FB)/examples/httpd $(FB)/examples/kv \
                  $(FB)/examples/chat
$(FAULT_SUITES): $(FB)/%: $(B)/%.c $(FB)/libbluelet.a
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Itests/unit $< $(FB)/libbluelet.a -lcmocka $(ALL_LDFLAGS) -o $@
$(FB)/tests/fault/grow.c $(FB)/tests/fault/server-oom.c: $(FB)/tests/fault/%.c: tests/fault/%.blc $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime $< -o $@
$(FAULT_EXAMPLES): $(FB)/%: $(B)/%.c $(FB)/libbluelet.a
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Iexamples $< $(FB)/libbluelet.a $(EXAMPLE_LIBS) $(ALL_LDFLAGS) -o $@
$(FB)/tests/fault/grow $(FB)/tests/fault/server-oom: $(FB)/%: $(FB)/%.c $(FB)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime $< $(FB)/libbluelet.a $(ALL_LDFLAGS) -o $@

# The CMocka suites' walk: a suite's own assertions may fail once an
# allocation did (any exit under 128 passes), and one may wait forever for
# a peer whose creation failed (blocked: idle in its last second, counted
# apart), but no run may die of a signal, write a sanitizer report or
# spin, nor leak when it passed (one whose assertion failed abandoned
# its test's objects).  FAULT_SUITES_RUN=test_io picks suites.  FAULT_WALK picks the Ns:
# in make check (check-fault-alloc), each allocation site's first call
# (failalloc.c's BL_FAULT_SITES=1: each line of the runtime that
# allocates) and 10 evenly spaced N; check-fault-alloc-full walks every N
# (the big suites make 10^4 to 10^5 allocations: hours of runs).
# The suites are walked FAULT_JOBS at a time (most of a walk's time is a
# suite waiting: its timers, a blocked run's idle second), each one's
# report printed whole, in order.
FAULT_SUITES_RUN ?= $(notdir $(FAULT_SUITES))
FAULT_WALK ?= FAULT_SITES=1 FAULT_SAMPLES=10
FAULT_JOBS ?= 4
.PHONY: fault-alloc-suites
fault-alloc-suites: $(addprefix $(FB)/tests/unit/,$(FAULT_SUITES_RUN))
	$(Q)out=$$(mktemp -d) && rc=0; \
	printf '%s\n' $(FAULT_SUITES_RUN) | \
	    env $(FAULT_WALK) FAULT_OK="$$(seq -s " " 0 127)" FAULT_TIMEOUT=10 FAULT_BLOCKED_OK=1 FAULT_LEAKS_ON_FAIL_OK=1 \
	    xargs -P $(FAULT_JOBS) -I{} sh -c 'tests/fault/walk.sh "$$1" "$$2/$$1" >"$$3/$$1.log" 2>&1; echo $$? >"$$3/$$1.rc"' \
	        walk {} $(FB)/tests/unit $$out; \
	for t in $(FAULT_SUITES_RUN); do \
	    cat "$$out/$$t.log" 2>/dev/null; \
	    [ -s "$$out/$$t.rc" ] || echo "FAIL: $$t: its walk did not run"; \
	    [ "$$(cat "$$out/$$t.rc" 2>/dev/null)" = 0 ] || rc=1; \
	done; rm -rf "$$out"; exit $$rc

# The example servers' walk (tests/fault/serve.sh: a real client twice,
# each failure a clean error or one connection lost, never silence):
# each allocation site reached from each of its callers (BL_FAULT_SITES=2)
# in make check; every N in check-fault-alloc-full.
FAULT_SERVERS ?= echo kv httpd proxy chat
FAULT_SERVE_WALK ?= FAULT_SITES=2
.PHONY: fault-alloc-servers
fault-alloc-servers: $(FAULT_SERVERS:%=$(FB)/examples/%) $(FB)/echo-client $(B)/examples/echo
	$(Q)rc=0; for k in $(FAULT_SERVERS); do \
	    env $(FAULT_SERVE_WALK) FAULT_OK="0 1" FAULT_KNOWN=4 FAULT_TIMEOUT=30 tests/fault/walk.sh serve-$$k \
	        tests/fault/serve.sh $$k $(FB)/examples/$$k $(FB)/echo-client $(B)/examples/echo || rc=1; \
	done; exit $$rc

.PHONY: check-fault-alloc-full
check-fault-alloc-full:
	$(Q)rc=0; $(MAKE) --no-print-directory fault-alloc-suites FAULT_WALK=FAULT_STRIDE=1 || rc=1; \
	$(MAKE) --no-print-directory fault-alloc-servers FAULT_SERVE_WALK=FAULT_STRIDE=1 || rc=1; \
	exit $$rc

# Syscall fault injection (tests/fault/faultsys.c, preloaded): the echo,
# proxy, httpd and kv examples on epoll, poll and io_uring at several
# seeds, every byte checked (tests/fault/sys.sh).  On io_uring, the fault
# build's examples: its runtime/uring.c (BL_FAULT) asks the shim about each
# operation it submits to the ring.
$(FB)/faultsys.so: tests/fault/faultsys.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -shared $< -o $@ -ldl
$(FB)/echo-client: tests/fault/echo-client.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -o $@
CHECKS += check-fault-sys
.PHONY: check-fault-sys
check-fault-sys: $(FB)/faultsys.so $(FB)/echo-client $(B)/examples/echo \
                 $(B)/examples/proxy $(B)/examples/httpd $(B)/examples/kv \
                 $(FB)/examples/echo $(FB)/examples/proxy $(FB)/examples/httpd $(FB)/examples/kv
	$(Q)tests/fault/sys.sh $^

# Every N of: grow (the ready ring and the timer heap grow: each failure
# an ENOMEM its coroutine sees); server-oom (bl_server when every
# allocation fails from a moment on: it ends, never spins); the CMocka
# suites and the example servers (each site, as above), and blc
# translating two examples (each failure a diagnostic, exit 1, no output
# file; else the same output).
BLC_WALK := echo kv
CHECKS += check-fault-alloc
.PHONY: check-fault-alloc
check-fault-alloc: $(FB)/tests/fault/grow $(FB)/tests/fault/server-oom $(FB)/blc $(B)/blc
	$(Q)rc=0; FAULT_OK="0 1" tests/fault/walk.sh grow $(FB)/tests/fault/grow || rc=1; \
	if BL_FAULT_ALLOC_AFTER_MS=150 timeout 10 $(FB)/tests/fault/server-oom; then \
	    echo "ok: server-oom: bl_server out of memory for good ends with ENOMEM"; \
	else echo "FAIL: server-oom: bl_server did not end with ENOMEM (a spin: timeout's 124)"; rc=1; fi; \
	$(MAKE) --no-print-directory fault-alloc-suites || rc=1; \
	$(MAKE) --no-print-directory fault-alloc-servers || rc=1; \
	for f in $(BLC_WALK); do \
	    $(B)/blc --no-line -Iruntime examples/$$f.blc -o $(FB)/ref-$$f.c || rc=1; \
	    FAULT_OK="0 1" tests/fault/walk.sh blc-$$f tests/fault/blc-run.sh $(FB)/blc \
	        $(FB)/ref-$$f.c examples/$$f.blc --no-line -Iruntime || rc=1; \
	done; exit $$rc

# ----------------------------------------------------------------------
# all, demo
# ----------------------------------------------------------------------

all: $(B)/blc $(LIBS) $(EXAMPLES)

# Translates the README's echo server, shows the state machine blc wrote,
# and runs it against a scripted client.
demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)examples/demo.sh $(B)

# ----------------------------------------------------------------------
# tests/
# ----------------------------------------------------------------------

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/check.sh $(CHECKS)

deps:
	$(Q)$(DEPS) build test

# ----------------------------------------------------------------------
# bench/: make bench (every benchmark, one after the other), make
# bench-NAME (one), and check-bench-smoke (each built and run at a tiny
# size, in make check).  Benchmarks time nothing in make check.
# ----------------------------------------------------------------------

BENCHES := switch spawn echo httpd crawler chan kv slow
BENCH_PROGS := $(B)/bench/switch/switch $(B)/bench/switch/switch-cpp \
               $(B)/bench/spawn/spawn $(B)/bench/echo/loadgen \
               $(B)/bench/echo/epoll_echo $(B)/bench/echo/uv_echo \
               $(B)/examples/httpd $(B)/examples/crawler $(B)/examples/kv \
               $(B)/bench/httpd/nodelay.so $(B)/bench/httpd/floor \
               $(B)/bench/chan/pingpong $(B)/bench/chan/pingpong-go
# The C++20 peer is built as the benchmark specifies; CXX is g++ by default.
BENCH_CXXFLAGS := -std=c++20 -O2 -g -Wall -Wextra

# The echo servers that bench/echo/run.sh measures and the smoke test
# runs, NAME=PROGRAM, each program taking the port to listen on.  To add
# one, append it (from any section: this is expanded late); bench-build
# builds every program listed.  `epoll` and `uv` are the peers.
ECHO_SERVERS = epoll=$(B)/bench/echo/epoll_echo uv=$(B)/bench/echo/uv_echo
ifneq ($(wildcard examples/handwritten/echo.c),)
ECHO_SERVERS += bluelet-hand=$(B)/examples/echo-handwritten
endif
ifneq ($(wildcard examples/echo.blc),)
ECHO_SERVERS += bluelet-blc=$(B)/examples/echo
endif
# The io_uring peer (bench/echo/uring_echo.c: multishot accept and recv,
# a provided buffer ring) and blc's echo on the io_uring backend, where
# liburing is here.  The harness runs NAME=PROGRAM PORT, so the latter is
# a two-line script that sets BLUELET_BACKEND and execs the echo (same pid).
ifeq ($(HAVE_URING),1)
ECHO_SERVERS += uring=$(B)/bench/echo/uring_echo bluelet-uring=$(B)/bench/echo/echo-io_uring
BENCH_PROGS += $(B)/bench/echo/uring_echo $(B)/bench/echo/echo-io_uring
endif
$(B)/bench/echo/uring_echo: bench/echo/uring_echo.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -luring -o $@

$(B)/bench/echo/echo-io_uring: $(B)/examples/echo
	$(quiet) GEN $@
	$(Q)printf '#!/bin/sh\nBLUELET_BACKEND=io_uring exec "%s" "$$@"\n' \
	    "$(abspath $(B))/examples/echo" >$@ && chmod +x $@

# bench/slow's client is the hostile suite's.
BENCH_PROGS += $(B)/tests/hostile/slow
echo_server_progs = $(foreach s,$(ECHO_SERVERS),$(word 2,$(subst =, ,$(s))))
BENCH_ENV = B=$(B) ECHO_SERVERS="$(ECHO_SERVERS)"

.PHONY: bench-build bench-deps bench-echo-servers $(BENCHES:%=bench-%) check-bench-smoke \
        check-bench-recipes

bench-deps:
	$(Q)$(DEPS) bench-smoke

$(B)/bench/switch/switch $(B)/bench/spawn/spawn: $(B)/bench/%: bench/%.c $(B)/libbluelet.a
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime $< $(B)/libbluelet.a $(ALL_LDFLAGS) -o $@

$(B)/bench/switch/switch-cpp: bench/switch/switch.cc | bench-deps
	$(quiet) CXX $@
	@mkdir -p $(@D)
	$(Q)$(CXX) $(BENCH_CXXFLAGS) $(SANFLAGS) -MMD -MP $< $(ALL_LDFLAGS) -o $@

$(B)/bench/echo/loadgen $(B)/bench/echo/epoll_echo $(B)/bench/httpd/floor: $(B)/bench/%: bench/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -o $@

$(B)/bench/echo/uv_echo: bench/echo/uv_echo.c | bench-deps
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -luv -o $@

# The channel ping-pong: a .blc through the blc just built, and its Go
# peer (one thread, GOMAXPROCS=1, set by the program).
$(B)/bench/chan/pingpong.c: bench/chan/pingpong.blc $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime $< -o $@

$(B)/bench/chan/pingpong: $(B)/bench/chan/pingpong.c $(B)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Ibench/chan $< $(B)/libbluelet.a $(ALL_LDFLAGS) -o $@

$(B)/bench/chan/pingpong-go: bench/chan/pingpong.go | bench-deps
	$(quiet) GO $@
	@mkdir -p $(@D)
	$(Q)GOCACHE=$(abspath $(B))/go-cache go build -o $@ $<

# An LD_PRELOAD library (bench/httpd's httpd-nodelay); no sanitizers in
# it: it runs inside whatever program it is preloaded into.
$(B)/bench/httpd/nodelay.so: bench/httpd/nodelay.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 $(WARN) $(CFLAGS) -fPIC -shared -MMD -MP $< $(LDFLAGS) -ldl -o $@

bench-build: $(BENCH_PROGS)
	$(Q)$(MAKE) --no-print-directory -s $(echo_server_progs)

bench-echo-servers:
	@echo $(ECHO_SERVERS)

# One at a time, never in parallel: they measure the machine.
bench: bench-build
	$(Q)$(DEPS) bench
	$(Q)for b in $(BENCHES); do $(BENCH_ENV) bench/$$b/run.sh || exit 1; done

$(BENCHES:%=bench-%): bench-%: bench-build
	$(Q)$(DEPS) bench
	$(Q)$(BENCH_ENV) bench/$*/run.sh

# Instructions per echo round trip under callgrind: blc's echo against
# its hand-written twin (deterministic; not a timing).
.PHONY: bench-echo-instructions
bench-echo-instructions: bench-build
	$(Q)$(DEPS) bench
	$(Q)B=$(B) bench/echo/instructions.sh

# Where a kv request's CPU goes, beside redis-server's: instructions
# (callgrind), system calls (strace), user and system time, perf.
.PHONY: bench-kv-profile
bench-kv-profile: bench-build
	$(Q)$(DEPS) bench
	$(Q)$(BENCH_ENV) bench/kv/profile.sh

# The soak (bench/soak/run.sh): echo, httpd and kv under mixed load, RSS,
# fds and connections sampled every 10 s; flat lines pass.  make check
# runs it for 30 s; `make soak SOAK_SECONDS=1800` for the documented run.
SOAK_SECONDS ?= 1800
$(B)/bench/soak/load: bench/soak/load.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -o $@

CHECKS += check-soak
.PHONY: check-soak soak
check-soak soak: $(B)/examples/echo $(B)/examples/httpd $(B)/examples/kv $(B)/bench/soak/load $(FB)/faultsys.so
check-soak:
	$(Q)B=$(B) SANITIZE=$(SANITIZE) SOAK_SHIM=$(FB)/faultsys.so bench/soak/run.sh 30
soak:
	$(Q)B=$(B) SANITIZE=$(SANITIZE) SOAK_SHIM=$(FB)/faultsys.so bench/soak/run.sh $(SOAK_SECONDS)

CHECKS += check-bench-smoke
check-bench-smoke: bench-build
	$(Q)$(DEPS) bench-smoke
	$(Q)$(BENCH_ENV) bench/smoke.sh

# Every benchmark recipe the docs print, run as printed at a tiny size
# (bench/recipes.sh).
CHECKS += check-bench-recipes
check-bench-recipes: bench-build $(B)/blc
	$(Q)$(DEPS) bench-smoke
	$(Q)$(BENCH_ENV) bench/recipes.sh

# ----------------------------------------------------------------------
# front-end tests and benchmark: tests/translate/ (golden runner),
# tests/frontend/ (headers, corpus, bad input), bench/frontend/
# ----------------------------------------------------------------------

FE_ENV = B=$(B) CC="$(CC)" SANITIZE=$(SANITIZE)

CHECKS += check-translate check-frontend-badinput check-frontend-corpus \
          check-frontend-headers check-frontend-gencode check-frontend-selftest
.PHONY: check-translate check-frontend-badinput check-frontend-corpus \
        check-frontend-headers check-frontend-gencode check-frontend-selftest \
        bench-frontend

check-translate: $(B)/blc $(B)/libbluelet.a
	$(Q)$(FE_ENV) tests/translate/run.sh

check-frontend-badinput: $(B)/blc
	$(Q)$(FE_ENV) tests/frontend/badinput.sh

# The corpus includes the bison and flex output.
check-frontend-corpus: $(B)/blc $(GRAMMAR_C)
	$(Q)$(FE_ENV) tests/frontend/corpus.sh

check-frontend-headers: $(B)/blc
	$(Q)$(FE_ENV) tests/frontend/headers.sh

# The suites above fail when blc is wrong: run against broken stand-ins.
check-frontend-selftest: $(B)/libbluelet.a $(GRAMMAR_C)
	$(Q)$(FE_ENV) tests/frontend/selftest.sh

# The benchmark's generator writes valid C (no timing here).
check-frontend-gencode: $(B)/blc
	$(Q)$(FE_ENV) bench/frontend/run.sh --check

bench-frontend: $(B)/blc
	$(Q)$(FE_ENV) bench/frontend/run.sh

# Every file of tests/frontend/acceptance/ that gcc accepts, blc accepts
# and writes unchanged (gcc is the oracle: a file it refuses is a failure
# of the corpus, not skipped).
CHECKS += check-frontend-acceptance
.PHONY: check-frontend-acceptance
check-frontend-acceptance: $(B)/blc
	$(Q)$(FE_ENV) tests/frontend/acceptance.sh

# ----------------------------------------------------------------------
# install: PREFIX (default /usr/local) and DESTDIR (a staging root);
# each directory below can be overridden on its own too, e.g. LIBDIR for
# a multiarch libdir.  The version comes from BL_VERSION in bluelet.h.
# Files made for the install (the .pc, the man pages with their paths and
# version filled in) go under $(B)/install/ and are remade when a
# directory or the version changes.  `make uninstall` removes exactly
# what was installed, and the directories that install created (it notes
# them in share/bluelet/installed-dirs), if they are empty.
# ----------------------------------------------------------------------

BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR     ?= $(LIBDIR)/cmake/Bluelet
VIMDIR       ?= $(DATADIR)/vim/vimfiles
TEXTMATEDIR  ?= $(DATADIR)/bluelet/textmate
GDBDIR       ?= $(DATADIR)/bluelet/gdb
INSTALL      ?= install
LDCONFIG     ?= ldconfig

IB := $(B)/install
VIM_FILES      := $(patsubst grammar/vim/%,%,$(wildcard grammar/vim/*/blc.vim))
TEXTMATE_FILES := $(patsubst grammar/textmate/%,%,$(wildcard grammar/textmate/*.json))
DIRS_RECORD     = $(DATADIR)/bluelet/installed-dirs
INSTALL_DIRS    = $(BINDIR) $(LIBDIR) $(PKGCONFIGDIR) $(INCLUDEDIR) \
                  $(MANDIR)/man1 $(MANDIR)/man3 $(DATADIR)/bluelet $(CMAKEDIR) \
                  $(TEXTMATEDIR) $(GDBDIR) $(patsubst %/,%,$(sort $(dir $(VIM_FILES:%=$(VIMDIR)/%))))
INSTALLED_FILES = $(BINDIR)/blc $(INCLUDEDIR)/bluelet.h \
                  $(LIBDIR)/libbluelet.a $(LIBDIR)/libbluelet.so.$(VERSION) \
                  $(LIBDIR)/$(SONAME) $(LIBDIR)/libbluelet.so \
                  $(PKGCONFIGDIR)/bluelet.pc \
                  $(CMAKEDIR)/BlueletConfig.cmake $(CMAKEDIR)/BlueletConfigVersion.cmake \
                  $(MANDIR)/man1/blc.1 $(MANDIR)/man3/bluelet.3 \
                  $(VIM_FILES:%=$(VIMDIR)/%) $(TEXTMATE_FILES:%=$(TEXTMATEDIR)/%) \
                  $(GDBDIR)/bluelet.py $(DIRS_RECORD)

# Libs.private: what the shared library links besides libc, read from its
# NEEDED entries, so static links get what the runtime's link line gets.
LIBS_PRIVATE = $(shell readelf -d $(B)/libbluelet.so 2>/dev/null | \
    sed -n 's/.*(NEEDED).*\[lib\([^].]*\)\.so.*/-l\1/p' | grep -vx -e -lc -e -lasan -e -lubsan)

# A path under $(PREFIX) as ${prefix}/..., so the .pc stays relocatable.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# The man pages name /usr/local paths; the installed copies name the real
# ones, and the version.
MAN_SUBST = -e 's|^\.Os Bluelet$$|.Os Bluelet $(VERSION)|' \
            -e 's|/usr/local/include|$(INCLUDEDIR)|g' \
            -e 's|/usr/local/lib/pkgconfig|$(PKGCONFIGDIR)|g' \
            -e 's|/usr/local/lib/cmake/Bluelet|$(CMAKEDIR)|g' \
            -e 's|/usr/local/lib|$(LIBDIR)|g' \
            -e 's|/usr/local/share/vim/vimfiles|$(VIMDIR)|g' \
            -e 's|/usr/local/share/bluelet/textmate|$(TEXTMATEDIR)|g' \
            -e 's|/usr/local/share/bluelet/gdb|$(GDBDIR)|g' \
            -e 's|/usr/local/share|$(DATADIR)|g' \
            -e 's|/usr/local/bin|$(BINDIR)|g'

# Remade only when its text changes: the install-time files depend on it.
$(IB)/vars: $(B)/libbluelet.so FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION) $(INSTALL_DIRS) $(LIBS_PRIVATE)' | cmp -s - $@ || \
	    echo '$(VERSION) $(INSTALL_DIRS) $(LIBS_PRIVATE)' >$@

$(IB)/bluelet.pc: runtime/bluelet.pc.in $(IB)/vars $(B)/libbluelet.so
	$(quiet) GEN $@
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@BINDIR@|$(call pc_path,$(BINDIR))|' \
	    -e 's|@LIBDIR@|$(call pc_path,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(call pc_path,$(INCLUDEDIR))|' \
	    -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|' -e '/^Libs.private: *$$/d' $< >$@

# The CMake package finds the prefix from its own directory; the other
# directories are ${_bluelet_prefix}/... when they are under PREFIX.
cmake_path = $(patsubst $(PREFIX)/%,$${_bluelet_prefix}/%,$(1))
CMAKE_SUBST = -e 's|@PREFIX_FROM_CMAKEDIR@|$(if $(filter $(PREFIX)/%,$(CMAKEDIR)),$(shell realpath -m --relative-to='$(CMAKEDIR)' '$(PREFIX)'),$(PREFIX))|' \
              -e 's|@BINDIR@|$(call cmake_path,$(BINDIR))|' \
              -e 's|@LIBDIR@|$(call cmake_path,$(LIBDIR))|' \
              -e 's|@INCLUDEDIR@|$(call cmake_path,$(INCLUDEDIR))|' \
              -e 's|@VERSION@|$(VERSION)|g' -e 's|@SONAME@|$(SONAME)|' \
              -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|' \
              -e 's|@SIZEOF_VOID_P@|$(shell $(CC) -dM -E -x c /dev/null | sed -n 's/^\#define __SIZEOF_POINTER__ //p')|g'

$(IB)/%.cmake: runtime/cmake/%.cmake.in $(IB)/vars
	$(quiet) GEN $@
	$(Q)sed $(CMAKE_SUBST) $< >$@

$(IB)/blc.1: compiler/blc.1 $(IB)/vars
	$(quiet) GEN $@
	$(Q)sed $(MAN_SUBST) $< >$@

$(IB)/bluelet.3: runtime/bluelet.3 $(IB)/vars
	$(quiet) GEN $@
	$(Q)sed $(MAN_SUBST) $< >$@

$(IB)/package.json: grammar/textmate/package.json $(IB)/vars
	$(quiet) GEN $@
	$(Q)sed 's|"version": "[^"]*"|"version": "$(VERSION)"|' $< >$@

INSTALL_GEN := $(IB)/bluelet.pc $(IB)/blc.1 $(IB)/bluelet.3 $(IB)/package.json \
               $(IB)/BlueletConfig.cmake $(IB)/BlueletConfigVersion.cmake

# Directories are made parent first; each one that did not exist is noted
# (without DESTDIR) in $(DIRS_RECORD), merged with an earlier install's.
install: $(B)/blc $(LIBS) $(INSTALL_GEN)
	$(quiet) INSTALL '$(DESTDIR)$(PREFIX)'
	$(Q)new=$$(for dir in $(INSTALL_DIRS); do \
	        while [ "$$dir" != / ] && [ "$$dir" != . ] && [ ! -d '$(DESTDIR)'"$$dir" ]; do \
	            echo "$$dir"; dir=$$(dirname "$$dir"); \
	        done; \
	    done | sort -u) && \
	$(INSTALL) -d $(addprefix '$(DESTDIR)',$(INSTALL_DIRS)) && \
	{ cat '$(DESTDIR)$(DIRS_RECORD)' 2>/dev/null; \
	  [ -z "$$new" ] || echo "$$new"; } | sort -u >'$(DESTDIR)$(DIRS_RECORD).new' && \
	mv '$(DESTDIR)$(DIRS_RECORD).new' '$(DESTDIR)$(DIRS_RECORD)' && \
	chmod 644 '$(DESTDIR)$(DIRS_RECORD)'
	$(Q)$(INSTALL) -m 755 $(B)/blc '$(DESTDIR)$(BINDIR)/blc'
	$(Q)$(INSTALL) -m 644 runtime/bluelet.h '$(DESTDIR)$(INCLUDEDIR)/bluelet.h'
	$(Q)$(INSTALL) -m 644 $(B)/libbluelet.a '$(DESTDIR)$(LIBDIR)/libbluelet.a'
	$(Q)$(INSTALL) -m 755 $(B)/libbluelet.so '$(DESTDIR)$(LIBDIR)/libbluelet.so.$(VERSION)'
	$(Q)ln -sfn libbluelet.so.$(VERSION) '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	$(Q)ln -sfn $(SONAME) '$(DESTDIR)$(LIBDIR)/libbluelet.so'
	$(Q)$(INSTALL) -m 644 $(IB)/bluelet.pc '$(DESTDIR)$(PKGCONFIGDIR)/bluelet.pc'
	$(Q)$(INSTALL) -m 644 $(IB)/BlueletConfig.cmake $(IB)/BlueletConfigVersion.cmake '$(DESTDIR)$(CMAKEDIR)'
	$(Q)$(INSTALL) -m 644 $(IB)/blc.1 '$(DESTDIR)$(MANDIR)/man1/blc.1'
	$(Q)$(INSTALL) -m 644 $(IB)/bluelet.3 '$(DESTDIR)$(MANDIR)/man3/bluelet.3'
	$(Q)for f in $(VIM_FILES); do \
	    $(INSTALL) -m 644 grammar/vim/$$f '$(DESTDIR)$(VIMDIR)'/$$f || exit; done
	$(Q)for f in $(filter-out package.json,$(TEXTMATE_FILES)); do \
	    $(INSTALL) -m 644 grammar/textmate/$$f '$(DESTDIR)$(TEXTMATEDIR)'/$$f || exit; done
	$(Q)$(INSTALL) -m 644 $(IB)/package.json '$(DESTDIR)$(TEXTMATEDIR)/package.json'
	$(Q)$(INSTALL) -m 644 runtime/gdb/bluelet.py '$(DESTDIR)$(GDBDIR)/bluelet.py'
	$(Q)if [ -z '$(DESTDIR)' ] && [ "$$(id -u)" = 0 ] && command -v $(LDCONFIG) >/dev/null; then \
	    $(LDCONFIG); fi

# Our files, then the directories install created, deepest first, each
# only if empty (rmdir refuses otherwise): nothing else is touched.
uninstall:
	$(quiet) UNINSTALL '$(DESTDIR)$(PREFIX)'
	$(Q)created=$$(sort -r '$(DESTDIR)$(DIRS_RECORD)' 2>/dev/null); \
	rm -f $(addprefix '$(DESTDIR)',$(INSTALLED_FILES)) && \
	for dir in $(TEXTMATEDIR) $(GDBDIR) $(DATADIR)/bluelet $$created; do \
	    [ ! -d '$(DESTDIR)'"$$dir" ] || rmdir '$(DESTDIR)'"$$dir" 2>/dev/null || :; \
	done

.PHONY: FORCE
FORCE:

# The man pages lint clean and match the header and the CLI; the editor
# files highlight a sample as intended (Vim headless; VS Code's tokenizer
# from npm, pinned, into $(B)/textmate).
CHECKS += check-man check-vim check-textmate
.PHONY: check-man check-vim check-textmate
check-man: $(B)/blc
	$(Q)B=$(B) tests/install/man.sh
check-vim:
	$(Q)tests/install/vim.sh
check-textmate:
	$(Q)tests/install/textmate.sh $(B)

# make install into a temporary DESTDIR, then build and run a program
# against it, render its man pages, uninstall.  Always the plain build,
# what users install, also under SANITIZE=1.
CHECKS += check-install
.PHONY: check-install
check-install:
	$(Q)tests/install/install.sh

# The gdb extension (runtime/gdb/bluelet.py) on tests/gdb/demo.blc, live
# at a breakpoint and on a core file from gcore.  Always the plain build
# (an ASan process's core is its whole shadow memory), also under
# SANITIZE=1.
CHECKS += check-gdb
.PHONY: check-gdb
check-gdb:
	$(Q)$(MAKE) --no-print-directory SANITIZE= build/tests/gdb/demo
	$(Q)tests/gdb/run.sh build/tests/gdb/demo

$(B)/tests/gdb/demo.c: tests/gdb/demo.blc $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime $< -o $@

$(B)/tests/gdb/demo: $(B)/tests/gdb/demo.c $(B)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime $< $(B)/libbluelet.a $(ALL_LDFLAGS) -o $@

# blc in other people's builds: the -M family against gcc's rules; the
# recipes of examples/integration built against a temporary install.
CHECKS += check-deps
.PHONY: check-deps
check-deps: $(B)/blc $(B)/libbluelet.a
	$(Q)B=$(B) tests/integration/deps.sh

# Always the plain build, what users install, also under SANITIZE=1.
CHECKS += check-integration
.PHONY: check-integration
check-integration:
	$(Q)tests/integration/recipes.sh

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ----------------------------------------------------------------------
# blc's own tests (tests/frontend): the parser in process (CMocka), the
# command on real files and bad input, and the fuzzer's regressions.
# make fuzz runs the libFuzzer target for FUZZ_SECONDS.
# ----------------------------------------------------------------------

BLC_LIB_OBJ := $(filter-out $(B)/compiler/main.o,$(COMPILER_OBJ)) $(GRAMMAR_OBJ)
FUZZ_SECONDS ?= 60

$(B)/tests/frontend/test_parse: tests/frontend/test_parse.c $(BLC_LIB_OBJ)
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(BLC_CFLAGS) $< $(BLC_LIB_OBJ) -lcmocka $(ALL_LDFLAGS) -o $@

$(B)/tests/frontend/expand_check: tests/frontend/expand_check.c $(BLC_LIB_OBJ)
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(BLC_CFLAGS) $< $(BLC_LIB_OBJ) $(ALL_LDFLAGS) -o $@

CHECKS += check-frontend check-frontend-cli check-fuzz-regress check-frontend-expand
.PHONY: check-frontend check-frontend-cli check-fuzz-regress check-frontend-expand

check-frontend-expand: $(B)/tests/frontend/expand_check
	$(Q)B=$(B) SANITIZE=$(SANITIZE) tests/frontend/expand.sh

check-frontend: $(B)/tests/frontend/test_parse
	$(Q)$<

check-frontend-cli: $(B)/blc
	$(Q)BLC=$(B)/blc tests/frontend/cli.sh

# The expander's target replayed without libFuzzer (tests/fuzz/replay.c).
$(B)/tests/fuzz/replay-expand: tests/fuzz/replay.c compiler/fuzz_expand.c $(BLC_LIB_OBJ)
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(BLC_CFLAGS) tests/fuzz/replay.c compiler/fuzz_expand.c \
	    $(BLC_LIB_OBJ) $(ALL_LDFLAGS) -o $@

# The runtime's targets replayed the same way: bl_readline across packet
# splits (tests/fuzz/readline_fuzz.blc) and httpd's request parser
# (tests/fuzz/httpd_fuzz.c).
$(B)/tests/fuzz/readline_fuzz.c: tests/fuzz/readline_fuzz.blc tests/fuzz/lines.h runtime/bluelet.h $(B)/blc
	$(quiet) BLC $@
	@mkdir -p $(@D)
	$(Q)$(B)/blc -Iruntime -Itests/fuzz $< -o $@

$(B)/tests/fuzz/replay-readline: $(B)/tests/fuzz/readline_fuzz.c tests/fuzz/replay.c $(B)/libbluelet.a
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -Itests/fuzz $< tests/fuzz/replay.c $(B)/libbluelet.a \
	    $(ALL_LDFLAGS) -o $@

$(B)/tests/fuzz/replay-httpd: tests/fuzz/httpd_fuzz.c tests/fuzz/replay.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iexamples -Itests/fuzz $^ $(ALL_LDFLAGS) -o $@

check-fuzz-regress: $(B)/blc $(B)/tests/fuzz/replay-expand $(B)/tests/fuzz/replay-readline \
                    $(B)/tests/fuzz/replay-httpd
	$(Q)BLC=$(B)/blc REPLAY_EXPAND=$(B)/tests/fuzz/replay-expand \
	    REPLAY_READLINE=$(B)/tests/fuzz/replay-readline REPLAY_HTTPD=$(B)/tests/fuzz/replay-httpd \
	    tests/fuzz/regress.sh

FUZZ_LIB := $(filter-out compiler/main.c,$(COMPILER_SRC)) $(GRAMMAR_C)
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -Icompiler -I$(B)/grammar -DBLC_VERSION='"$(VERSION)"'

# Two targets: blc-fuzz, the front end on any bytes (compiler/fuzz.c), and
# blc-fuzz_expand, the macro expander on a file with its own #defines
# (compiler/fuzz_expand.c, seeded with the expander's cases).  make fuzz
# runs each for FUZZ_SECONDS; what crashes, hangs or leaks is kept in
# tests/fuzz/regress/ and tests/fuzz/regress-expand/, which
# check-fuzz-regress replays.
$(B)/fuzz/blc-fuzz $(B)/fuzz/blc-fuzz_expand: $(B)/fuzz/blc-%: compiler/%.c $(FUZZ_LIB) $(GRAMMAR_H) compiler/blc.h
	$(quiet) CLANG $@
	@mkdir -p $(@D)
	$(Q)clang $(FUZZ_FLAGS) $< $(FUZZ_LIB) -o $@

# The runtime's two targets: bl-readline, the runtime itself built in with
# the fuzzer's instrumentation (run on epoll, then on io_uring, whose
# buffered path is its own), and httpd-request, httpd's parser alone.
RT_FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
                 -fno-sanitize-recover=all -Iruntime -Itests/fuzz $(if $(HAVE_URING),-DBL_HAVE_URING)
$(B)/fuzz/bl-readline: $(B)/tests/fuzz/readline_fuzz.c $(RUNTIME_SRC) $(wildcard runtime/*.h)
	$(quiet) CLANG $@
	@mkdir -p $(@D)
	$(Q)clang $(RT_FUZZ_FLAGS) $< $(RUNTIME_SRC) $(if $(HAVE_URING),$(URING_A)) -o $@

$(B)/fuzz/httpd-request: tests/fuzz/httpd_fuzz.c examples/httpd_request.h tests/fuzz/lines.h
	$(quiet) CLANG $@
	@mkdir -p $(@D)
	$(Q)clang $(RT_FUZZ_FLAGS) -Iexamples $< -o $@

# fuzz-runtime TARGET CORPUS-NAME [ENV]: runs a runtime target for
# FUZZ_SECONDS, its findings kept in tests/fuzz/regress-CORPUS-NAME/.
fuzz_runtime = mkdir -p $(B)/fuzz/corpus-$(2) tests/fuzz/regress-$(2) && \
	$(3) $(B)/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=tests/fuzz/regress-$(2)/ \
	    $(B)/fuzz/corpus-$(2) tests/fuzz/regress-$(2)

fuzz:
	$(Q)$(DEPS) fuzz
	$(Q)$(MAKE) --no-print-directory $(B)/fuzz/blc-fuzz $(B)/fuzz/blc-fuzz_expand \
	    $(B)/fuzz/bl-readline $(B)/fuzz/httpd-request
	$(Q)$(call fuzz_runtime,bl-readline,readline,BLUELET_BACKEND=epoll)
	$(Q)$(if $(HAVE_URING),$(call fuzz_runtime,bl-readline,readline,BLUELET_BACKEND=io_uring))
	$(Q)$(call fuzz_runtime,httpd-request,httpd)
	@mkdir -p $(B)/fuzz/corpus $(B)/fuzz/corpus-expand tests/fuzz/regress tests/fuzz/regress-expand
	$(Q)$(B)/fuzz/blc-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=tests/fuzz/regress/ \
	    $(B)/fuzz/corpus tests/fuzz/corpus
	$(Q)$(B)/fuzz/blc-fuzz_expand -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=tests/fuzz/regress-expand/ \
	    $(B)/fuzz/corpus-expand tests/frontend/expand
