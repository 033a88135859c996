#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "lint/yaml.h"
#include "util/error.h"

struct parsed {
	struct arena arena;
	struct buf err;
	struct ynode *root;
	int rc;
};

static void parse(struct parsed *p, const char *text)
{
	memset(p, 0, sizeof(*p));
	p->rc = yaml_parse(&p->arena, "t.yaml", text, strlen(text), &p->root,
			   &p->err);
}

static void parsed_clear(struct parsed *p)
{
	arena_clear(&p->arena);
	buf_clear(&p->err);
}

static const struct ynode *path2(const struct ynode *root, const char *a,
				 const char *b)
{
	return ynode_get(ynode_get(root, a), b);
}

static void merge_keeps_anchor_lines(void **state)
{
	struct parsed p;
	const struct ypair *priv, *image;

	(void)state;
	parse(&p, "x-common: &common\n"
		  "  privileged: true\n"
		  "  image: base\n"
		  "services:\n"
		  "  web:\n"
		  "    <<: *common\n"
		  "    image: nginx\n");
	assert_int_equal(p.rc, 0);
	priv = ynode_pair(path2(p.root, "services", "web"), "privileged");
	image = ynode_pair(path2(p.root, "services", "web"), "image");
	assert_non_null(priv);
	assert_non_null(image);
	assert_string_equal(priv->value->text, "true");
	/* The merged key points where the anchor wrote it. */
	assert_int_equal(priv->loc.line, 2);
	assert_int_equal(priv->loc.column, 3);
	/* The mapping's own key wins over the merged one. */
	assert_string_equal(image->value->text, "nginx");
	assert_int_equal(image->loc.line, 7);
	parsed_clear(&p);
}

static void merge_list_earlier_wins(void **state)
{
	struct parsed p;
	const struct ynode *s;

	(void)state;
	parse(&p, "a: &a {k: from-a, only-a: 1}\n"
		  "b: &b {k: from-b, only-b: 2}\n"
		  "s:\n"
		  "  <<: [*a, *b]\n");
	assert_int_equal(p.rc, 0);
	s = ynode_get(p.root, "s");
	assert_string_equal(ynode_get(s, "k")->text, "from-a");
	assert_string_equal(ynode_get(s, "only-a")->text, "1");
	assert_string_equal(ynode_get(s, "only-b")->text, "2");
	assert_int_equal(s->n_pairs, 3);
	parsed_clear(&p);
}

static void merge_nested_through_aliases(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "base: &base {read_only: true}\n"
		  "mid: &mid\n"
		  "  <<: *base\n"
		  "  user: app\n"
		  "top:\n"
		  "  <<: *mid\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(path2(p.root, "top", "read_only")->text, "true");
	assert_string_equal(path2(p.root, "top", "user")->text, "app");
	parsed_clear(&p);
}

static void duplicate_merge_key_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: &a {x: 1}\n"
		  "b: &b {y: 2}\n"
		  "c:\n"
		  "  <<: *a\n"
		  "  <<: *b\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:5:3:"));
	assert_non_null(strstr(buf_str(&p.err), "duplicate merge key"));
	parsed_clear(&p);
}

static void duplicate_key_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "services:\n  web: {}\n  web: {}\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:3:3:"));
	assert_non_null(strstr(buf_str(&p.err), "duplicate key"));
	parsed_clear(&p);
}

static void unknown_alias_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: 1\nb: *nope\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:2:4:"));
	assert_non_null(strstr(buf_str(&p.err), "unknown alias '*nope'"));
	parsed_clear(&p);
}

static void merge_of_scalar_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: &a text\nb:\n  <<: *a\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:3:3:"));
	assert_non_null(strstr(buf_str(&p.err), "needs a mapping"));
	parsed_clear(&p);
}

static void alias_bomb_stopped(void **state)
{
	struct parsed p;

	(void)state;
	/* Each level doubles: 2^20 leaves from 21 short lines. */
	parse(&p, "a0: &a0 [x, x]\n"
		  "a1: &a1 [*a0, *a0]\n"
		  "a2: &a2 [*a1, *a1]\n"
		  "a3: &a3 [*a2, *a2]\n"
		  "a4: &a4 [*a3, *a3]\n"
		  "a5: &a5 [*a4, *a4]\n"
		  "a6: &a6 [*a5, *a5]\n"
		  "a7: &a7 [*a6, *a6]\n"
		  "a8: &a8 [*a7, *a7]\n"
		  "a9: &a9 [*a8, *a8]\n"
		  "b0: &b0 [*a9, *a9]\n"
		  "b1: &b1 [*b0, *b0]\n"
		  "b2: &b2 [*b1, *b1]\n"
		  "b3: &b3 [*b2, *b2]\n"
		  "b4: &b4 [*b3, *b3]\n"
		  "b5: &b5 [*b4, *b4]\n"
		  "b6: &b6 [*b5, *b5]\n"
		  "b7: &b7 [*b6, *b6]\n"
		  "b8: &b8 [*b7, *b7]\n"
		  "b9: &b9 [*b8, *b8]\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "more nodes than the maximum"));
	parsed_clear(&p);
}

static void second_document_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: 1\n---\nb: 2\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:3:1:"));
	assert_non_null(strstr(buf_str(&p.err), "second YAML document"));
	parsed_clear(&p);

	/* A trailing "---" opens an empty document, which is harmless. */
	parse(&p, "a: 1\n---\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(ynode_get(p.root, "a")->text, "1");
	parsed_clear(&p);
}

static void syntax_error_has_position(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "services:\n  web:\n    image: [nginx\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(strstr(buf_str(&p.err), "t.yaml:"));
	assert_non_null(strstr(buf_str(&p.err), "invalid YAML"));
	parsed_clear(&p);
}

static void scalars_keep_style(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: ~\n"
		  "b:\n"
		  "c: null\n"
		  "d: \"null\"\n"
		  "e: \"true\"\n"
		  "f: !!str 5\n"
		  "g: |\n"
		  "  two\n"
		  "  lines\n"
		  "h: !reset []\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(ynode_get(p.root, "a")->kind, YNODE_NULL);
	assert_int_equal(ynode_get(p.root, "b")->kind, YNODE_NULL);
	assert_int_equal(ynode_get(p.root, "c")->kind, YNODE_NULL);
	assert_int_equal(ynode_get(p.root, "d")->kind, YNODE_SCALAR);
	assert_false(ynode_get(p.root, "d")->plain);
	assert_string_equal(ynode_get(p.root, "e")->text, "true");
	assert_false(ynode_get(p.root, "e")->plain);
	assert_string_equal(ynode_get(p.root, "f")->text, "5");
	assert_string_equal(ynode_get(p.root, "f")->tag,
			    "tag:yaml.org,2002:str");
	assert_string_equal(ynode_get(p.root, "g")->text, "two\nlines\n");
	assert_string_equal(ynode_get(p.root, "h")->tag, "!reset");
	assert_int_equal(ynode_get(p.root, "h")->kind, YNODE_SEQUENCE);
	parsed_clear(&p);
}

static void collection_key_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "? [a, b]\n: 1\n");
	assert_int_equal(p.rc, SW_EINVAL);
	assert_non_null(
	    strstr(buf_str(&p.err), "mapping key must be a string"));
	parsed_clear(&p);
}

static void empty_document_is_null(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "# only a comment\n");
	assert_int_equal(p.rc, 0);
	assert_non_null(p.root);
	assert_int_equal(p.root->kind, YNODE_NULL);
	parsed_clear(&p);
}

static void sequence_items_have_lines(void **state)
{
	struct parsed p;
	const struct ynode *ports;

	(void)state;
	parse(&p, "ports:\n"
		  "  - \"80:80\"\n"
		  "  - target: 443\n"
		  "    published: 8443\n");
	assert_int_equal(p.rc, 0);
	ports = ynode_get(p.root, "ports");
	assert_int_equal(ports->kind, YNODE_SEQUENCE);
	assert_int_equal(ports->n_items, 2);
	assert_int_equal(ports->items[0]->loc.line, 2);
	assert_int_equal(ports->items[0]->loc.column, 5);
	/* A mapping item starts at its first key. */
	assert_int_equal(ports->items[1]->loc.line, 3);
	assert_int_equal(ports->items[1]->loc.column, 5);
	parsed_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(merge_keeps_anchor_lines),
	    cmocka_unit_test(merge_list_earlier_wins),
	    cmocka_unit_test(merge_nested_through_aliases),
	    cmocka_unit_test(duplicate_merge_key_rejected),
	    cmocka_unit_test(duplicate_key_rejected),
	    cmocka_unit_test(unknown_alias_rejected),
	    cmocka_unit_test(merge_of_scalar_rejected),
	    cmocka_unit_test(alias_bomb_stopped),
	    cmocka_unit_test(second_document_rejected),
	    cmocka_unit_test(syntax_error_has_position),
	    cmocka_unit_test(scalars_keep_style),
	    cmocka_unit_test(collection_key_rejected),
	    cmocka_unit_test(empty_document_is_null),
	    cmocka_unit_test(sequence_items_have_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
