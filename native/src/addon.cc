// oneDNN kernels for the tfjs wasm backend: NHWC f32 convolution (forward, backward data, backward
// weights) and matmul. Tensors arrive as Float32Array views (the wasm heap); results are written in
// place, so no copies cross the boundary. oneDNN picks the CPU's widest ISA at run time.
#include <node_api.h>
#include <omp.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

using dnnl::memory;
using tag = dnnl::memory::format_tag;

namespace {

// One engine/stream and one primitive cache per JS thread: the training and latent workers may both
// load the addon, and primitives own scratch memory that must not be shared across threads.
struct ThreadState {
  dnnl::engine eng{dnnl::engine::kind::cpu, 0};
  dnnl::stream strm{eng};
  std::unordered_map<std::string, std::shared_ptr<void>> cache;
};
thread_local std::unique_ptr<ThreadState> tls;
ThreadState &state() {
  if (!tls) tls = std::make_unique<ThreadState>();
  return *tls;
}

struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

float *f32(napi_env env, napi_value v, size_t need) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array)
    throw ArgError("expected a Float32Array");
  if (len < need) throw ArgError("Float32Array too short: " + std::to_string(len) + " < " + std::to_string(need));
  return static_cast<float *>(data);
}

std::vector<int64_t> ints(napi_env env, napi_value v) {
  uint32_t n = 0;
  if (napi_get_array_length(env, v, &n) != napi_ok) throw ArgError("expected an array of integers");
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    napi_get_element(env, v, i, &e);
    double d;
    if (napi_get_value_double(env, e, &d) != napi_ok) throw ArgError("expected an array of integers");
    out[i] = static_cast<int64_t>(d);
  }
  return out;
}

std::string key(const char *op, const std::vector<int64_t> &d) {
  std::string k(op);
  for (auto x : d) k += "," + std::to_string(x);
  return k;
}

int64_t prod(const memory::dims &d) {
  int64_t p = 1;
  for (auto x : d) p *= x;
  return p;
}

// Shapes are tfjs's: x [N,H,W,C], filter [kh,kw,inC,outC], y [N,OH,OW,outC].
// p = [N,H,W,inC, kh,kw,outC, OH,OW, sh,sw, dh,dw, top,left,bottom,right]
struct ConvShape {
  memory::dims src, wei, dst, strides, dil, pl, pr;
  explicit ConvShape(const std::vector<int64_t> &p) {
    if (p.size() != 17) throw ArgError("conv params: expected 17 integers");
    src = {p[0], p[3], p[1], p[2]};
    wei = {p[6], p[3], p[4], p[5]};
    dst = {p[0], p[6], p[7], p[8]};
    strides = {p[9], p[10]};
    dil = {p[11] - 1, p[12] - 1};
    pl = {p[13], p[14]};
    pr = {p[15], p[16]};
  }
  memory::desc md(const memory::dims &d, tag t) const { return memory::desc(d, memory::data_type::f32, t); }
  dnnl::convolution_forward::primitive_desc fwd(const dnnl::engine &eng) const {
    dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                      md(src, tag::nhwc), md(wei, tag::any), md(dst, tag::nhwc), strides, dil, pl, pr);
    return {d, eng};
  }
};

// A primitive plus the blocked weight buffer it wants and the reorder between it and tfjs's hwio.
template <typename PD, typename P>
struct Entry {
  PD pd;
  P prim;
  memory user_w, prim_w;
  bool reorder;
  Entry(PD pd_, const memory::desc &user_wd, const memory::desc &prim_wd, const dnnl::engine &eng)
      : pd(pd_), prim(pd_), user_w(user_wd, eng, DNNL_MEMORY_NONE), prim_w(prim_wd, eng), reorder(user_wd != prim_wd) {}
  // tfjs's hwio filter at `data`, in the layout the primitive wants
  memory weights(float *data, dnnl::stream &strm) {
    user_w.set_data_handle(data);
    if (!reorder) return user_w;
    dnnl::reorder(user_w, prim_w).execute(strm, user_w, prim_w);
    return prim_w;
  }
};

using FwdEntry = Entry<dnnl::convolution_forward::primitive_desc, dnnl::convolution_forward>;
using BwdDataEntry = Entry<dnnl::convolution_backward_data::primitive_desc, dnnl::convolution_backward_data>;
using BwdWeiEntry = Entry<dnnl::convolution_backward_weights::primitive_desc, dnnl::convolution_backward_weights>;

template <typename E, typename Make>
E &cached(const std::string &k, Make make) {
  auto &c = state().cache;
  auto it = c.find(k);
  if (it == c.end()) it = c.emplace(k, std::shared_ptr<void>(make())).first;
  return *static_cast<E *>(it->second.get());
}

// conv2d(x, filter, y, params)
void conv2d(napi_env env, napi_value *a) {
  auto p = ints(env, a[3]);
  ConvShape s(p);
  auto &st = state();
  auto &e = cached<FwdEntry>(key("fwd", p), [&] {
    auto pd = s.fwd(st.eng);
    return new FwdEntry(pd, s.md(s.wei, tag::hwio), pd.weights_desc(), st.eng);
  });
  memory x(s.md(s.src, tag::nhwc), st.eng, f32(env, a[0], prod(s.src)));
  memory y(s.md(s.dst, tag::nhwc), st.eng, f32(env, a[2], prod(s.dst)));
  memory w = e.weights(f32(env, a[1], prod(s.wei)), st.strm);
  e.prim.execute(st.strm, {{DNNL_ARG_SRC, x}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, y}});
  st.strm.wait();
}

// conv2dBackpropInput(dy, filter, dx, params): dx = conv2dTranspose(dy, filter)
void conv2dBackpropInput(napi_env env, napi_value *a) {
  auto p = ints(env, a[3]);
  ConvShape s(p);
  auto &st = state();
  auto &e = cached<BwdDataEntry>(key("bwd_data", p), [&] {
    dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, s.md(s.src, tag::nhwc),
                                            s.md(s.wei, tag::any), s.md(s.dst, tag::nhwc), s.strides, s.dil, s.pl,
                                            s.pr);
    dnnl::convolution_backward_data::primitive_desc pd(d, st.eng, s.fwd(st.eng));
    return new BwdDataEntry(pd, s.md(s.wei, tag::hwio), pd.weights_desc(), st.eng);
  });
  memory dy(s.md(s.dst, tag::nhwc), st.eng, f32(env, a[0], prod(s.dst)));
  memory dx(s.md(s.src, tag::nhwc), st.eng, f32(env, a[2], prod(s.src)));
  memory w = e.weights(f32(env, a[1], prod(s.wei)), st.strm);
  e.prim.execute(st.strm, {{DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, dx}});
  st.strm.wait();
}

// conv2dBackpropFilter(x, dy, dw, params)
void conv2dBackpropFilter(napi_env env, napi_value *a) {
  auto p = ints(env, a[3]);
  ConvShape s(p);
  auto &st = state();
  auto &e = cached<BwdWeiEntry>(key("bwd_wei", p), [&] {
    dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, s.md(s.src, tag::nhwc),
                                               s.md(s.wei, tag::any), s.md(s.dst, tag::nhwc), s.strides, s.dil,
                                               s.pl, s.pr);
    dnnl::convolution_backward_weights::primitive_desc pd(d, st.eng, s.fwd(st.eng));
    return new BwdWeiEntry(pd, s.md(s.wei, tag::hwio), pd.diff_weights_desc(), st.eng);
  });
  memory x(s.md(s.src, tag::nhwc), st.eng, f32(env, a[0], prod(s.src)));
  memory dy(s.md(s.dst, tag::nhwc), st.eng, f32(env, a[1], prod(s.dst)));
  e.user_w.set_data_handle(f32(env, a[2], prod(s.wei)));
  memory dw = e.reorder ? e.prim_w : e.user_w;
  e.prim.execute(st.strm, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_WEIGHTS, dw}});
  if (e.reorder) dnnl::reorder(e.prim_w, e.user_w).execute(st.strm, e.prim_w, e.user_w);
  st.strm.wait();
}

struct MatmulEntry {
  dnnl::matmul prim;
};

// matmul(a, b, c, [B,M,K,N, transposeA, transposeB]): c[B,M,N] = op(a) · op(b), row-major.
void matmul(napi_env env, napi_value *a) {
  auto p = ints(env, a[3]);
  if (p.size() != 6) throw ArgError("matmul params: expected 6 integers");
  const int64_t B = p[0], M = p[1], K = p[2], N = p[3];
  const bool ta = p[4] != 0, tb = p[5] != 0;
  auto &st = state();
  memory::desc amd({B, M, K}, memory::data_type::f32, ta ? memory::dims{M * K, 1, M} : memory::dims{M * K, K, 1});
  memory::desc bmd({B, K, N}, memory::data_type::f32, tb ? memory::dims{K * N, 1, K} : memory::dims{K * N, N, 1});
  memory::desc cmd({B, M, N}, memory::data_type::f32, tag::abc);
  auto &e = cached<MatmulEntry>(key("matmul", p), [&] {
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(amd, bmd, cmd), st.eng);
    return new MatmulEntry{dnnl::matmul(pd)};
  });
  memory am(amd, st.eng, f32(env, a[0], B * M * K));
  memory bm(bmd, st.eng, f32(env, a[1], B * K * N));
  memory cm(cmd, st.eng, f32(env, a[2], B * M * N));
  e.prim.execute(st.strm, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
  st.strm.wait();
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

template <void (*F)(napi_env, napi_value *)>
napi_value wrap4(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  napi_get_cb_info(env, info, &argc, a, nullptr, nullptr);
  try {
    if (argc < 4) throw ArgError("expected 4 arguments");
    F(env, a);
  } catch (const dnnl::error &e) {
    napi_throw_error(env, "ONEDNN", e.what());
  } catch (const std::exception &e) {
    napi_throw_error(env, nullptr, e.what());
  }
  return undefined(env);
}

const char *isaName(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "generic";
  }
}

// info() -> { isa, version, threads }
napi_value info(napi_env env, napi_callback_info) {
  napi_value o, isa, ver, thr;
  napi_create_object(env, &o);
  napi_create_string_utf8(env, isaName(dnnl::get_effective_cpu_isa()), NAPI_AUTO_LENGTH, &isa);
  auto v = dnnl::version();
  std::string vs = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  napi_create_string_utf8(env, vs.c_str(), NAPI_AUTO_LENGTH, &ver);
  napi_create_int32(env, omp_get_max_threads(), &thr);
  napi_set_named_property(env, o, "isa", isa);
  napi_set_named_property(env, o, "version", ver);
  napi_set_named_property(env, o, "threads", thr);
  return o;
}

// setThreads(n): OpenMP threads for oneDNN calls made from this JS thread.
napi_value setThreads(napi_env env, napi_callback_info cb) {
  size_t argc = 1;
  napi_value a[1];
  napi_get_cb_info(env, cb, &argc, a, nullptr, nullptr);
  int32_t n = 1;
  if (argc < 1 || napi_get_value_int32(env, a[0], &n) != napi_ok || n < 1) {
    napi_throw_type_error(env, nullptr, "setThreads(n): n must be a positive integer");
    return nullptr;
  }
  omp_set_num_threads(n);
  return undefined(env);
}

napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"conv2d", nullptr, wrap4<conv2d>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, wrap4<conv2dBackpropInput>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, wrap4<conv2dBackpropFilter>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"matmul", nullptr, wrap4<matmul>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, setThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return init(env, exports); }
