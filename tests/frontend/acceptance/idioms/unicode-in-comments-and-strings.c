/* Non-ASCII text in comments and strings: «quotes», 日本語, émoji 🎉. */
const char *greeting = "¡Hola, señor! 你好";
char e_acute = '\xe9';
