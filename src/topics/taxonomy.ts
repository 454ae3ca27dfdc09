/*
 * The default research taxonomy (config `topics.taxonomy`): each topic a name, keywords and a
 * handful of example titles. Keywords and the name seed a topic as examples of their own, so a
 * topic the user adds with keywords only is learnt too. Users edit it in the settings file or point
 * `topics.examplesFile` at their own labelled JSONL.
 */
import type { TopicExample } from './model.js';

export interface TaxonomyTopic {
  name: string;
  keywords: string[];
  examples: string[];
}

export const DEFAULT_TAXONOMY: TaxonomyTopic[] = [
  {
    name: 'ai-llms',
    keywords: ['large language model', 'LLM', 'transformer', 'instruction tuning', 'RLHF', 'in-context learning', 'GPT', 'tokenizer'],
    examples: ['Scaling laws for mixture-of-experts language models', 'Instruction tuning with synthetic preference data', 'Retrieval-augmented generation reduces hallucination in LLMs', 'Efficient attention for long-context transformers', 'Quantizing large language models to 4 bits without loss'],
  },
  {
    name: 'ai-vision',
    keywords: ['computer vision', 'image segmentation', 'object detection', 'diffusion model', 'vision transformer', 'video generation'],
    examples: ['Segment anything in medical images with few clicks', 'Diffusion models for high-resolution image synthesis', 'Open-vocabulary object detection with vision-language pretraining', 'Monocular depth estimation in the wild', 'Text-to-video generation with temporal consistency'],
  },
  {
    name: 'ai-rl',
    keywords: ['reinforcement learning', 'policy gradient', 'reward model', 'multi-agent', 'offline RL', 'Q-learning'],
    examples: ['Offline reinforcement learning from suboptimal demonstrations', 'Policy optimization with learned world models', 'Multi-agent reinforcement learning for traffic control', 'Reward shaping for sparse-reward exploration', 'Sample-efficient model-based RL on Atari'],
  },
  {
    name: 'ai-systems',
    keywords: ['inference serving', 'GPU kernel', 'distributed training', 'compiler', 'KV cache', 'throughput'],
    examples: ['Paged attention for high-throughput LLM serving', 'Pipeline parallelism for trillion-parameter training', 'A compiler for fused GPU kernels in deep learning', 'Speculative decoding speeds up inference', 'Memory-efficient optimizer states for distributed training'],
  },
  {
    name: 'quantum',
    keywords: ['qubit', 'quantum computing', 'quantum error correction', 'entanglement', 'superconducting', 'trapped ion'],
    examples: ['Logical qubits below the surface code threshold', 'Trapped-ion quantum processor with all-to-all connectivity', 'Variational quantum eigensolver for chemistry', 'Quantum key distribution over a metropolitan network', 'Benchmarking noisy intermediate-scale quantum devices'],
  },
  {
    name: 'photonics',
    keywords: ['photonic', 'laser', 'optical', 'metasurface', 'silicon photonics', 'waveguide'],
    examples: ['Silicon photonic neural network accelerator', 'Ultrafast lasers on a thin-film lithium niobate chip', 'Metasurface lenses for compact cameras', 'Integrated optical frequency combs', 'Low-loss waveguides for photonic interconnects'],
  },
  {
    name: 'robotics',
    keywords: ['robot', 'manipulation', 'legged locomotion', 'autonomous navigation', 'humanoid', 'grasping', 'drone'],
    examples: ['Legged robots learn agile locomotion in simulation', 'Dexterous manipulation with tactile sensing', 'Vision-language-action models for robot control', 'Autonomous drone racing beats human pilots', 'Humanoid whole-body control from human videos'],
  },
  {
    name: 'biotech',
    keywords: ['protein', 'CRISPR', 'gene editing', 'drug discovery', 'genomics', 'single-cell', 'antibody'],
    examples: ['Protein structure prediction with deep learning', 'Base editing corrects a disease mutation in vivo', 'Generative models design novel antibodies', 'Single-cell atlas of the human immune system', 'mRNA vaccine platform for rapid response'],
  },
  {
    name: 'energy',
    keywords: ['battery', 'solar cell', 'perovskite', 'fusion', 'hydrogen', 'grid storage', 'electrolyzer'],
    examples: ['Solid-state batteries with lithium metal anodes', 'Perovskite-silicon tandem solar cells pass 33 percent', 'Compact tokamak reaches record plasma pressure', 'Low-cost electrolyzers for green hydrogen', 'Iron-air batteries for multi-day grid storage'],
  },
  {
    name: 'space',
    keywords: ['satellite', 'orbit', 'spacecraft', 'launch vehicle', 'exoplanet', 'telescope', 'lunar'],
    examples: ['Reusable launch vehicle lands its booster again', 'Exoplanet atmosphere observed by the James Webb telescope', 'Satellite constellation for global broadband', 'Lunar lander navigation with terrain relative sensing', 'In-orbit servicing of geostationary satellites'],
  },
  {
    name: 'semiconductors',
    keywords: ['transistor', 'chip', 'lithography', 'EUV', 'wafer', 'gate-all-around', 'chiplet', 'RISC-V'],
    examples: ['Gate-all-around transistors at the 2 nm node', 'High-NA EUV lithography enters production', 'Chiplet interconnect standard for heterogeneous packaging', 'Open-source RISC-V processor taped out', 'Two-dimensional semiconductors beyond silicon'],
  },
  {
    name: 'security',
    keywords: ['vulnerability', 'exploit', 'malware', 'cryptography', 'side-channel', 'ransomware', 'CVE'],
    examples: ['Speculative execution side-channel leaks kernel memory', 'Post-quantum cryptography migration in TLS', 'Supply-chain attack on an open-source package registry', 'Fuzzing finds memory-safety bugs in browsers', 'Ransomware group exploits a VPN zero-day'],
  },
];

/**
 * A taxonomy's training examples: each example title, and each keyword and the topic's name as a
 * short example of its own (so a topic with keywords only is still learnt).
 */
export const taxonomyExamples = (taxonomy: readonly TaxonomyTopic[]): TopicExample[] =>
  taxonomy.flatMap((t) => [...t.examples.map((text) => ({ text, label: t.name })), ...[t.name.replace(/[-_]/g, ' '), ...t.keywords].map((text) => ({ text, label: t.name }))]);
