# Makefile - the one build of Bluelet for C: blc, libbluelet, examples,
# tests and benchmarks.  Non-recursive; every output goes under $(B)/.
#
#   make                 build blc, libbluelet and the examples
#   make demo            translate and run an example, with a scripted client
#   make check           every test (installs flex, bison, CMocka if missing)
#   make check SANITIZE=1   the same under ASan + UBSan, in build/san/
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

.PHONY: all demo check deps install uninstall clean fuzz bench

# ----------------------------------------------------------------------
# blc: grammar/ (flex, bison) + compiler/
# ----------------------------------------------------------------------

GRAMMAR_C   := $(B)/grammar/c.tab.c $(B)/grammar/c.lex.c
GRAMMAR_H   := $(B)/grammar/c.tab.h $(B)/grammar/c.lex.h
COMPILER_SRC := $(filter-out compiler/fuzz.c,$(wildcard compiler/*.c))
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(B)/%.o)
GRAMMAR_OBJ  := $(GRAMMAR_C:%.c=%.o)
BLC_CFLAGS   = -Icompiler -I$(B)/grammar

$(B)/grammar/c.tab.c $(B)/grammar/c.tab.h: grammar/c.y
	$(quiet) BISON $<
	@mkdir -p $(@D)
	$(Q)$(BISON) -Wall -Werror --defines=$(B)/grammar/c.tab.h -o $(B)/grammar/c.tab.c $<

$(B)/grammar/c.lex.c $(B)/grammar/c.lex.h: grammar/c.l
	$(quiet) FLEX $<
	@mkdir -p $(@D)
	$(Q)$(FLEX) --header-file=$(B)/grammar/c.lex.h -o $(B)/grammar/c.lex.c $<

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
SONAME      := libbluelet.so.0

$(B)/runtime/%.o: runtime/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iruntime -c $< -o $@

$(B)/pic/runtime/%.o: runtime/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -Iruntime -c $< -o $@

$(B)/libbluelet.a: $(RUNTIME_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/libbluelet.so: $(RUNTIME_PIC)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) $^ -o $@

LIBS := $(B)/libbluelet.a $(B)/libbluelet.so

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
endif

# ----------------------------------------------------------------------
# all, demo
# ----------------------------------------------------------------------

all: $(B)/blc $(LIBS) $(EXAMPLES)

demo: all
	@echo "demo: nothing to show yet"

# ----------------------------------------------------------------------
# tests/
# ----------------------------------------------------------------------

CHECKS :=

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/check.sh $(CHECKS)

deps:
	$(Q)$(DEPS) build test

# ----------------------------------------------------------------------
# install
# ----------------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(B)/blc $(DESTDIR)$(PREFIX)/bin/blc
	install -m 644 runtime/bluelet.h $(DESTDIR)$(PREFIX)/include/bluelet.h
	install -m 644 $(B)/libbluelet.a $(DESTDIR)$(PREFIX)/lib/libbluelet.a
	install -m 755 $(B)/libbluelet.so $(DESTDIR)$(PREFIX)/lib/libbluelet.so.$(VERSION)
	ln -sf libbluelet.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libbluelet.so

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/blc $(DESTDIR)$(PREFIX)/include/bluelet.h \
	      $(DESTDIR)$(PREFIX)/lib/libbluelet.a $(DESTDIR)$(PREFIX)/lib/libbluelet.so* \

# The man pages lint clean and match the header and the CLI; the editor
# files highlight a sample as intended (Vim headless; VS Code's
# tokenizer from npm, pinned, into $(B)/textmate).
CHECKS += check-man check-vim check-textmate
.PHONY: check-man check-vim check-textmate
check-man:
	$(Q)tests/install/man.sh
check-vim:
	$(Q)tests/install/vim.sh
check-textmate:
	$(Q)tests/install/textmate.sh $(B)

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
