// As docs/frameworks/vue.md says: Vue's compiler must know the presently-* tags are custom elements.
import vue from '@vitejs/plugin-vue';

export default {
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('presently-') } } })],
};
