/*
 * Sandbox only: a PKCS#11 module wrapping SoftHSM2 that adds what a CPS card does and SoftHSM does not:
 * a user-PIN try counter (3 tries). SoftHSM 2.6 only sets CKF_USER_PIN_COUNT_LOW after a wrong PIN
 * (cleared by a good one), never CKF_USER_PIN_FINAL_TRY / CKF_USER_PIN_LOCKED, and never blocks.
 *
 * - C_GetTokenInfo reports COUNT_LOW (tries < 3), FINAL_TRY (1 left), LOCKED (0 left) from the counter.
 * - C_Login(CKU_USER): refused with CKR_PIN_LOCKED when 0 left; a wrong PIN decrements; a good one resets.
 * - C_InitPIN (SO = PUK logged in, new PIN) resets the counter: that is the card's unblocking.
 * - PIN-pad reader emulation when CPS_SIM_PINPAD is set (read at each call): the token reports
 *   CKF_PROTECTED_AUTHENTICATION_PATH, and a C_Login without PIN uses CPS_SIM_PINPAD as "what the user
 *   typed on the keypad"; CPS_SIM_PINPAD=cancel answers CKR_FUNCTION_CANCELED.
 * Everything else goes straight to SoftHSM.
 *
 * The counter lives in <tokendir>/pin-tries-<token serial> (tokendir read from SOFTHSM2_CONF), so in the
 * sandbox reader it travels with the card folder. Real module path: CPS_SIM_REAL_MODULE or SoftHSM's.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CK_PTR *
#define CK_DECLARE_FUNCTION(returnType, name) returnType name
#define CK_DECLARE_FUNCTION_POINTER(returnType, name) returnType (*name)
#define CK_CALLBACK_FUNCTION(returnType, name) returnType (*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include "pkcs11.h"

#define MAX_TRIES 3

static CK_FUNCTION_LIST real;      /* SoftHSM's table */
static CK_FUNCTION_LIST shim;      /* ours */
static int loaded = 0;

static void token_dir(char *out, size_t n) {
  out[0] = 0;
  const char *conf = getenv("SOFTHSM2_CONF");
  if (!conf) return;
  FILE *f = fopen(conf, "r");
  if (!f) return;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (strncmp(p, "directories.tokendir", 20) != 0) continue;
    p = strchr(p, '=');
    if (!p) break;
    p++;
    while (*p == ' ' || *p == '\t') p++;
    size_t len = strcspn(p, "\r\n");
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    if (len >= n) len = n - 1;
    memcpy(out, p, len);
    out[len] = 0;
    break;
  }
  fclose(f);
}

static void counter_path(const CK_TOKEN_INFO *ti, char *out, size_t n) {
  char dir[900], serial[17];
  token_dir(dir, sizeof dir);
  memcpy(serial, ti->serialNumber, 16);
  serial[16] = 0;
  for (int i = 15; i >= 0 && serial[i] == ' '; i--) serial[i] = 0;
  snprintf(out, n, "%s/pin-tries-%s", dir[0] ? dir : ".", serial);
}

static int tries_left(const CK_TOKEN_INFO *ti) {
  char p[1024];
  counter_path(ti, p, sizeof p);
  FILE *f = fopen(p, "r");
  if (!f) return MAX_TRIES;
  int v = MAX_TRIES;
  if (fscanf(f, "%d", &v) != 1) v = MAX_TRIES;
  fclose(f);
  return v < 0 ? 0 : (v > MAX_TRIES ? MAX_TRIES : v);
}

static void set_tries_left(const CK_TOKEN_INFO *ti, int v) {
  char p[1024];
  counter_path(ti, p, sizeof p);
  FILE *f = fopen(p, "w");
  if (!f) return;
  fprintf(f, "%d\n", v);
  fclose(f);
}

static CK_RV slot_token_info(CK_SESSION_HANDLE h, CK_TOKEN_INFO *ti) {
  CK_SESSION_INFO si;
  CK_RV rv = real.C_GetSessionInfo(h, &si);
  if (rv != CKR_OK) return rv;
  return real.C_GetTokenInfo(si.slotID, ti);
}

static CK_RV shim_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  CK_RV rv = real.C_GetTokenInfo(slot, info);
  if (rv != CKR_OK || !(info->flags & CKF_TOKEN_INITIALIZED)) return rv;
  int left = tries_left(info);
  info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
  if (left < MAX_TRIES) info->flags |= CKF_USER_PIN_COUNT_LOW;
  if (left == 1) info->flags |= CKF_USER_PIN_FINAL_TRY;
  if (left == 0) info->flags |= CKF_USER_PIN_LOCKED;
  const char *pad = getenv("CPS_SIM_PINPAD");
  if (pad && *pad) info->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
  return CKR_OK;
}

static CK_RV shim_Login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  if (user != CKU_USER) return real.C_Login(h, user, pin, len);
  CK_TOKEN_INFO ti;
  CK_RV rv = slot_token_info(h, &ti);
  if (rv != CKR_OK) return rv;
  int left = tries_left(&ti);
  if (left == 0) return CKR_PIN_LOCKED;
  const char *pad = getenv("CPS_SIM_PINPAD");
  if (pad && *pad && len == 0) {
    if (strcmp(pad, "cancel") == 0) return CKR_FUNCTION_CANCELED;
    pin = (CK_UTF8CHAR_PTR)pad;
    len = (CK_ULONG)strlen(pad);
  }
  rv = real.C_Login(h, user, pin, len);
  if (rv == CKR_PIN_INCORRECT) set_tries_left(&ti, left - 1);
  else if (rv == CKR_OK && left != MAX_TRIES) set_tries_left(&ti, MAX_TRIES);
  return rv;
}

static CK_RV shim_InitPIN(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  CK_RV rv = real.C_InitPIN(h, pin, len);
  if (rv == CKR_OK) {
    CK_TOKEN_INFO ti;
    if (slot_token_info(h, &ti) == CKR_OK) set_tries_left(&ti, MAX_TRIES);
  }
  return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) {
  if (!out) return CKR_ARGUMENTS_BAD;
  if (!loaded) {
    const char *path = getenv("CPS_SIM_REAL_MODULE");
    if (!path || !*path) path = "/usr/lib/softhsm/libsofthsm2.so";
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) return CKR_GENERAL_ERROR;
    CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    if (!get) return CKR_GENERAL_ERROR;
    CK_FUNCTION_LIST_PTR list = NULL;
    CK_RV rv = get(&list);
    if (rv != CKR_OK) return rv;
    real = *list;
    shim = *list;
    shim.C_GetTokenInfo = shim_GetTokenInfo;
    shim.C_Login = shim_Login;
    shim.C_InitPIN = shim_InitPIN;
    loaded = 1;
  }
  *out = &shim;
  return CKR_OK;
}
