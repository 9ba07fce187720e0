#!/usr/bin/python3
"""Writes the golden PyTorch fixtures the engine's golden test compares the studio's training step with.

usage: /usr/bin/python3 scripts/golden/make-golden.py [OUT_DIR]   (default src-main/engine/golden)
Needs PyTorch (Debian: apt-get install python3-torch); not run in CI: the fixtures are committed.

For each case it builds the PyTorch reference models (the peer's dcgan_train.py models, generalised over size,
base channels and z size the way the studio's engine/models.ts is), initialises them as the peer does, rounds
the initial weights to bfloat16 (so they are stored exactly in half the bytes), and trains 3 steps on fixed real
batches and fixed noise with the peer's step (BCE on logits, one-sided smoothing, Adam) or the WGAN step
(n_critic critic updates with RMSprop and weight clipping, then one G update). The reference runs in float64;
the data are chosen so that no gradient of an optimiser's first update is near rounding level (see margin()),
and the script checks that PyTorch's own float32 run lands within 2e-5 of the float64 one. It writes
  <case>.json  the config, losses per step, and a table of the tensors in <case>.bin
  <case>.bin   real batches (uint8 NHWC), noise (float32), initial weights (bfloat16) and the weights
               after 3 steps (as int8 deltas from the initial weights with a per-tensor scale when that
               keeps the error under 1e-5, otherwise float32), in the studio's names and layouts (NHWC,
               conv filters [kh, kw, in, out], transposed-conv filters [kh, kw, out, in]).
"""
import json, os, sys
import numpy as np
import torch, torch.nn as nn

STEPS = 3
Q8_MAX_ERROR = 1e-5
MIN_MARGIN = 1e-5
ADAM = {'kind': 'adam', 'lr': 2e-4, 'beta1': 0.5, 'beta2': 0.999, 'eps': 1e-8}
RMSPROP = {'kind': 'rmsprop', 'lr': 5e-5, 'alpha': 0.99, 'eps': 1e-8}
CASES = {
    # the compact-32 preset (the peer's 32px model) at batch 4
    'compact-32-bce': dict(arch='compact', imageSize=32, channels=3, zDim=100, baseChannels=32, batchSize=4,
                           loss='bce', optimizer=ADAM, realLabel=0.9, flip=False, nCritic=5, clip=0.01, seed=0),
    # the wgan-64 preset's architecture and optimiser, shrunk to 16px, 8 base channels, z of 16
    'tiny-wgan': dict(arch='paper', imageSize=16, channels=3, zDim=16, baseChannels=8, batchSize=4,
                      loss='wgan', optimizer=RMSPROP, realLabel=1, flip=False, nCritic=5, clip=0.01, seed=0),
}


def sampling_layers(size):
    return int(np.log2(size)) - 2


def build(cfg):
    L, cd, C, zd, arch = sampling_layers(cfg['imageSize']), cfg['baseChannels'], cfg['channels'], cfg['zDim'], cfg['arch']
    gch = [cd * 2 ** (L - 1 - i) for i in range(L)] + [C]
    ups = []
    for i in range(1, L + 1):
        ups.append(nn.ConvTranspose2d(gch[i - 1], gch[i], 4, 2, 1, bias=False))
        ups += [nn.BatchNorm2d(gch[i]), nn.ReLU()] if i < L else [nn.Tanh()]
    downs = []
    for j in range(L):
        downs.append(nn.Conv2d(C if j == 0 else cd * 2 ** (j - 1), cd * 2 ** j, 4, 2, 1, bias=False))
        if j > 0:
            downs.append(nn.BatchNorm2d(cd * 2 ** j))
        downs.append(nn.LeakyReLU(0.2))
    top = cd * 2 ** (L - 1)

    class G(nn.Module):
        def __init__(s):
            super().__init__()
            if arch == 'compact':
                s.fc = nn.Linear(zd, gch[0] * 16)
            else:
                s.fc = nn.ConvTranspose2d(zd, gch[0], 4, 1, 0, bias=False)
                s.bn0 = nn.BatchNorm2d(gch[0])
            s.net = nn.Sequential(*ups)

        def forward(s, z):
            if arch == 'compact':
                return s.net(s.fc(z).view(-1, gch[0], 4, 4))
            return s.net(torch.relu(s.bn0(s.fc(z.view(-1, zd, 1, 1)))))

    class D(nn.Module):
        def __init__(s):
            super().__init__()
            s.net = nn.Sequential(*downs)
            s.fc = nn.Linear(top * 16, 1) if arch == 'compact' else nn.Conv2d(top, 1, 4, 1, 0, bias=False)

        def forward(s, x):
            h = s.net(x)
            return s.fc(h.reshape(x.size(0), -1)).view(-1) if arch == 'compact' else s.fc(h).view(-1)

    def init(m):  # the peer's initialisation
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)): nn.init.normal_(m.weight, 0.0, 0.02)
        if isinstance(m, nn.BatchNorm2d): nn.init.normal_(m.weight, 1.0, 0.02); nn.init.zeros_(m.bias)

    g, d = G(), D()
    g.apply(init); d.apply(init)
    return g, d


def studio_tensors(g, d, cfg):
    """(studio name, numpy float32 array in the studio's layout), in the studio's parameter order."""
    L, arch, zd = sampling_layers(cfg['imageSize']), cfg['arch'], cfg['zDim']
    out = []
    t = lambda x: x.detach().numpy().astype(np.float32)
    conv = lambda w: np.ascontiguousarray(t(w).transpose(2, 3, 1, 0))  # [o,i,kh,kw] / [i,o,kh,kw] → [kh,kw,i,o] / [kh,kw,o,i]

    def bn(prefix, m, buffers=True):
        out.extend([(f'{prefix}.gamma', t(m.weight)), (f'{prefix}.beta', t(m.bias))])
        if buffers:
            out.extend([(f'{prefix}.mean', t(m.running_mean)), (f'{prefix}.var', t(m.running_var))])

    c0 = g.fc.weight.shape[1] if arch == 'paper' else g.fc.weight.shape[0] // 16
    if arch == 'compact':  # Linear out index c·16 + h·4 + w → studio column (h·4 + w)·c0 + c
        out.append(('g.fc.w', np.ascontiguousarray(t(g.fc.weight).reshape(c0, 16, zd).transpose(2, 1, 0).reshape(zd, 16 * c0))))
        out.append(('g.fc.b', np.ascontiguousarray(t(g.fc.bias).reshape(c0, 16).T.reshape(-1))))
    else:  # ConvT(z, c0, k4 s1 p0) weight [z, c0, 4, 4] on a 1×1 input
        out.append(('g.fc.w', np.ascontiguousarray(t(g.fc.weight).transpose(0, 2, 3, 1).reshape(zd, 16 * c0))))
        bn('g.bn0', g.bn0)
    convs = [m for m in g.net if isinstance(m, nn.ConvTranspose2d)]
    bns = [m for m in g.net if isinstance(m, nn.BatchNorm2d)]
    for i in range(1, L + 1):
        out.append((f'g.up{i}.w', conv(convs[i - 1].weight)))
        if i < L:
            bn(f'g.bn{i}', bns[i - 1])
    convs = [m for m in d.net if isinstance(m, nn.Conv2d)]
    bns = [m for m in d.net if isinstance(m, nn.BatchNorm2d)]
    for j in range(L):
        out.append((f'd.conv{j}.w', conv(convs[j].weight)))
        if j > 0:
            bn(f'd.bn{j}', bns[j - 1], buffers=False)
    if arch == 'compact':  # NCHW flatten c·16 + h·4 + w → studio NHWC row (h·4 + w)·C + c
        top = d.fc.weight.shape[1] // 16
        out.append(('d.fc.w', np.ascontiguousarray(t(d.fc.weight).reshape(top, 16).T.reshape(16 * top, 1))))
        out.append(('d.fc.b', t(d.fc.bias)))
    else:
        w = t(d.fc.weight)[0]
        out.append(('d.fc.w', np.ascontiguousarray(w.transpose(1, 2, 0).reshape(-1, 1))))
    return out


def round_bf16(m):
    """Rounds every parameter of m to bfloat16 (nearest even) in place."""
    with torch.no_grad():
        for p in m.parameters():
            u = p.detach().numpy().astype(np.float32).view(np.uint32).astype(np.uint64)
            u = ((u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000).astype(np.uint32)
            p.copy_(torch.from_numpy(u.view(np.float32).copy()))


def train(cfg, data_seed, dtype, steps=STEPS):
    """The reference run: (initial tensors, metrics, tensors after `steps`, gradients of each optimiser's first update, data)."""
    torch.manual_seed(cfg['seed'])
    g, d = build(cfg)
    round_bf16(g); round_bf16(d)
    init = studio_tensors(g, d, cfg)
    g.to(dtype); d.to(dtype)
    B, S, C, zd = cfg['batchSize'], cfg['imageSize'], cfg['channels'], cfg['zDim']
    wgan = cfg['loss'] == 'wgan'
    rs = np.random.RandomState(data_seed)
    real_u8 = rs.randint(0, 256, size=(STEPS * (cfg['nCritic'] if wgan else 1), B, S, S, C)).astype(np.uint8)
    noise = rs.standard_normal((STEPS * (cfg['nCritic'] + 1 if wgan else 1), B, zd)).astype(np.float32)
    # the studio's v / 127.5 − 1 (computed in double, stored as float32)
    reals = [torch.from_numpy((r.astype(np.float64) / 127.5 - 1).astype(np.float32)).permute(0, 3, 1, 2).contiguous().to(dtype) for r in real_u8]
    zs = [torch.from_numpy(z).to(dtype) for z in noise]
    o = cfg['optimizer']
    if wgan:
        og = torch.optim.RMSprop(g.parameters(), lr=o['lr'], alpha=o['alpha'], eps=o['eps'])
        od = torch.optim.RMSprop(d.parameters(), lr=o['lr'], alpha=o['alpha'], eps=o['eps'])
    else:
        og = torch.optim.Adam(g.parameters(), o['lr'], betas=(o['beta1'], o['beta2']), eps=o['eps'])
        od = torch.optim.Adam(d.parameters(), o['lr'], betas=(o['beta1'], o['beta2']), eps=o['eps'])
    first = []

    def update(opt, params):
        if opt.state_dict()['state'] == {}:
            first.extend(p.grad.detach().abs().double() for p in params)
        opt.step()

    crit = nn.BCEWithLogitsLoss()
    metrics = []
    ri = zi = 0
    for _ in range(steps):
        if not wgan:  # the peer's step
            real, z = reals[ri], zs[zi]; ri += 1; zi += 1
            od.zero_grad(); fake = g(z)
            lr, lf = d(real), d(fake.detach())
            ld = crit(lr, torch.full_like(lr, cfg['realLabel'])) + crit(lf, torch.zeros_like(lf)); ld.backward(); update(od, d.parameters())
            og.zero_grad(); lg = crit(d(fake), torch.ones(B, dtype=dtype)); lg.backward(); update(og, g.parameters())
            d_real, d_fake = torch.sigmoid(lr).mean().item(), torch.sigmoid(lf).mean().item()
        else:
            for _ in range(cfg['nCritic']):
                real, z = reals[ri], zs[zi]; ri += 1; zi += 1
                od.zero_grad()
                with torch.no_grad():
                    fake = g(z)
                s_real, s_fake = d(real).mean(), d(fake).mean()
                ld = s_fake - s_real; ld.backward(); update(od, d.parameters())
                with torch.no_grad():
                    for p in d.parameters(): p.clamp_(-cfg['clip'], cfg['clip'])
                d_real, d_fake = s_real.item(), s_fake.item()
            z = zs[zi]; zi += 1
            og.zero_grad(); lg = -d(g(z)).mean(); lg.backward(); update(og, g.parameters())
        metrics.append({'dLoss': ld.item(), 'gLoss': lg.item(), 'dReal': d_real, 'dFake': d_fake})
    return init, metrics, dict(studio_tensors(g, d, cfg)), first, (real_u8, noise)


def margin(first):
    """Smallest |gradient| of an optimiser's first update relative to its tensor's mean |gradient|.

    Adam's and RMSprop's first update is about lr·sign(g): where |g| is at float32 rounding level the sign,
    and through it the later steps, is a coin flip for any float32 implementation. Data with a clear margin
    keeps the fixture a test of the math rather than of rounding luck."""
    return min(float(g.min() / g.mean()) for g in first if g.numel() > 1)


def run(name, cfg):
    """Searches data (real batches, noise) with a clear margin, then writes the float64 reference's results."""
    for data_seed in range(1000):
        if margin(train(cfg, data_seed, torch.float64, steps=1)[3]) >= MIN_MARGIN:
            break
    else:
        raise SystemExit(f'{name}: no data seed below 1000 gives a gradient margin of {MIN_MARGIN}')
    init, metrics, after, _, (real_u8, noise) = train(cfg, data_seed, torch.float64)
    _, _, after32, _, _ = train(cfg, data_seed, torch.float32)
    spread = max(float(np.abs(after32[k] - after[k]).max()) for k in after)
    print(f'{name}: data seed {data_seed}; PyTorch float32 vs float64 after {STEPS} steps: {spread:.2e}')
    if spread > 2e-5:
        raise SystemExit(f'{name}: the reference is not well conditioned (float32 and float64 differ by {spread})')

    blob = bytearray()
    def put(b):
        while len(blob) % 4: blob.append(0)
        off = len(blob); blob.extend(b); return off
    tensors = []
    for tname, a in init:
        bits = (a.view(np.uint32) >> 16).astype('<u2')
        entry = {'name': tname, 'shape': list(a.shape), 'init': {'offset': put(bits.tobytes()), 'encoding': 'bf16'}}
        delta = after[tname].astype(np.float64) - a.astype(np.float64)
        scale = float(np.abs(delta).max()) / 127 if delta.size else 0.0
        if scale / 2 <= Q8_MAX_ERROR:
            q = np.round(delta / scale).astype(np.int8) if scale > 0 else np.zeros(delta.shape, np.int8)
            entry['after'] = {'offset': put(q.tobytes()), 'encoding': 'q8-delta', 'scale': scale}
        else:
            entry['after'] = {'offset': put(after[tname].astype('<f4').tobytes()), 'encoding': 'f32'}
        tensors.append(entry)
    manifest = {
        'about': 'written by scripts/golden/make-golden.py with PyTorch ' + torch.__version__ + '; do not edit',
        'config': cfg, 'dataSeed': data_seed, 'steps': STEPS, 'metrics': metrics,
        'real': {'offset': put(real_u8.tobytes()), 'shape': list(real_u8.shape)},
        'noise': {'offset': put(noise.astype('<f4').tobytes()), 'shape': list(noise.shape)},
        'tensors': tensors,
    }
    return manifest, bytes(blob)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'src-main', 'engine', 'golden')
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    for name, cfg in CASES.items():
        manifest, blob = run(name, cfg)
        with open(os.path.join(out, f'{name}.json'), 'w') as f: json.dump(manifest, f, indent=1); f.write('\n')
        with open(os.path.join(out, f'{name}.bin'), 'wb') as f: f.write(blob)
        print(f'{name}: {len(blob)} bytes, losses ' + ', '.join(f"{m['dLoss']:.5f}/{m['gLoss']:.5f}" for m in manifest['metrics']))


if __name__ == '__main__':
    main()
